package dev.streamdycoke.training;

import dev.streamdycoke.model.checkpoint.LlavaOnevisionConfig;
import dev.streamdycoke.model.checkpoint.TextConfig;
import dev.streamdycoke.model.checkpoint.VisionConfig;
import dev.streamdycoke.model.checkpoint.WordLevelTokenizerFiles;
import dev.streamdycoke.simulator.qa.QaVocabulary;
import java.util.List;

/**
 * The demo model's dimensions: LLaVA-OneVision's structure (SigLIP tower, GELU projector, 2 x 2
 * bilinear pooling of the patch grid, Qwen2 decoder with grouped-query attention and tied
 * embeddings) at sizes one CPU thread trains in about half an hour.
 *
 * <p>The image is 128 px with 8 px patches: a 16 x 16 grid pooled to 8 x 8, so 64 visual tokens per
 * frame. A 384 x 288 street squeezed to 128 px leaves a near pedestrian about 1.3 patches wide, and
 * a token covers 48 x 36 pixels of the street. The earlier 108 px / 4 px design gave 196 tokens per
 * frame: three times the sequence for the decoder to search, slower to train (held-out full-context
 * accuracy stayed under 60 %), and caches of 64 or 128 tokens could not hold a single frame. The
 * vocabulary is the word-level one of the questions and answers.
 */
public final class DemoArchitecture {
  public static final int IMAGE_SIZE = 128;
  public static final int PATCH_SIZE = 8;
  static final int VISION_HIDDEN = 64;
  static final int TEXT_HIDDEN = 128;
  static final int TEXT_HEADS = 4;
  static final int TEXT_KV_HEADS = 2;
  static final int TEXT_LAYERS = 3;

  private DemoArchitecture() {}

  /** Every word the demo model reads or writes. */
  public static List<String> words() {
    return QaVocabulary.words();
  }

  /** The config for a word-level vocabulary of {@code vocabSize} ids. */
  public static LlavaOnevisionConfig config(int vocabSize) {
    VisionConfig vision =
        new VisionConfig(
            VISION_HIDDEN,
            2 * VISION_HIDDEN,
            2,
            2,
            IMAGE_SIZE,
            PATCH_SIZE,
            3,
            1e-6,
            "gelu_pytorch_tanh");
    TextConfig text =
        new TextConfig(
            TEXT_HIDDEN,
            2 * TEXT_HIDDEN,
            TEXT_HEADS,
            TEXT_KV_HEADS,
            TEXT_LAYERS,
            vocabSize,
            1e-6,
            1_000_000.0,
            32768,
            true);
    return new LlavaOnevisionConfig(
        vision,
        text,
        List.of(-1),
        "full",
        "gelu",
        WordLevelTokenizerFiles.VIDEO,
        WordLevelTokenizerFiles.IMAGE,
        WordLevelTokenizerFiles.STOP_IDS);
  }
}
