package dev.streamdycoke.job.training;

import dev.streamdycoke.job.qa.QaVocabulary;
import dev.streamdycoke.model.checkpoint.LlavaOnevisionConfig;
import dev.streamdycoke.model.checkpoint.TextConfig;
import dev.streamdycoke.model.checkpoint.VisionConfig;
import dev.streamdycoke.model.checkpoint.WordLevelTokenizerFiles;
import java.util.List;

/**
 * The demo model's dimensions: LLaVA-OneVision's structure (SigLIP tower, GELU projector, 2 x 2
 * pooling of a 27 x 27 patch grid to 196 tokens per frame, Qwen2 decoder with grouped-query
 * attention and tied embeddings) at sizes one CPU thread trains in minutes.
 *
 * <p>The image is 108 px with 4 px patches, so the grid stays 27 x 27 while a patch is large
 * enough relative to the scene's objects (a 384 x 288 frame squeezed to 108 x 108: a bike is
 * about 4 patches wide). The vocabulary is the word-level one of the questions and answers.
 */
public final class DemoArchitecture {
  public static final int IMAGE_SIZE = 108;
  public static final int PATCH_SIZE = 4;

  private DemoArchitecture() {}

  /** Every word the demo model reads or writes. */
  public static List<String> words() {
    return QaVocabulary.words();
  }

  /** The config for a word-level vocabulary of {@code vocabSize} ids. */
  public static LlavaOnevisionConfig config(int vocabSize) {
    VisionConfig vision =
        new VisionConfig(32, 64, 2, 2, IMAGE_SIZE, PATCH_SIZE, 3, 1e-6, "gelu_pytorch_tanh");
    TextConfig text = new TextConfig(64, 128, 2, 1, 2, vocabSize, 1e-6, 1_000_000.0, 32768, true);
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
