package dev.streamdycoke.model.checkpoint;

import java.util.List;

/** Configurations the project builds models of without a checkpoint on disk. */
public final class StandardConfigs {
  /** Token ids of the tiny byte-level tokenizer's special tokens (after the 256 byte tokens). */
  public static final int TINY_ENDOFTEXT = 256;

  public static final int TINY_IM_START = 257;
  public static final int TINY_IM_END = 258;
  public static final int TINY_IMAGE = 259;
  public static final int TINY_VIDEO = 260;
  public static final int TINY_VOCAB = 272;

  private StandardConfigs() {}

  /**
   * A LLaVA-OneVision of tiny dimensions that keeps every structural trait of the real one: a 27 x
   * 27 patch grid that drops the last pixel column as 384 / 14 does, hence 196 pooled tokens per
   * frame, grouped-query attention, a tied head and a byte-level vocabulary.
   */
  public static LlavaOnevisionConfig tiny() {
    VisionConfig vision = new VisionConfig(32, 64, 2, 2, 55, 2, 3, 1e-6, "gelu_pytorch_tanh");
    TextConfig text = new TextConfig(64, 128, 4, 2, 4, TINY_VOCAB, 1e-6, 1_000_000.0, 32768, true);
    return new LlavaOnevisionConfig(
        vision,
        text,
        List.of(-1),
        "full",
        "gelu",
        TINY_VIDEO,
        TINY_IMAGE,
        List.of(TINY_IM_END, TINY_ENDOFTEXT));
  }

  /**
   * The dimensions of llava-onevision-qwen2-0.5b-ov (SigLIP so400m with 26 layers, Qwen2-0.5B), for
   * benchmarks with random weights.
   */
  public static LlavaOnevisionConfig llavaOnevision05b() {
    VisionConfig vision =
        new VisionConfig(1152, 4304, 16, 26, 384, 14, 3, 1e-6, "gelu_pytorch_tanh");
    TextConfig text = new TextConfig(896, 4864, 14, 2, 24, 151936, 1e-6, 1_000_000.0, 32768, true);
    return new LlavaOnevisionConfig(
        vision, text, List.of(-1), "full", "gelu", 151647, 151646, List.of(151645, 151643));
  }
}
