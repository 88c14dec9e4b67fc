package dev.streamdycoke.benchmarks.qa;

import dev.streamdycoke.model.checkpoint.LlavaOnevisionConfig;
import dev.streamdycoke.model.checkpoint.StandardConfigs;
import dev.streamdycoke.model.checkpoint.TextConfig;
import dev.streamdycoke.model.checkpoint.TinyCheckpointWriter;
import java.nio.file.Path;

/**
 * A random checkpoint whose visual tokens have llava-onevision-qwen2-0.5b's width (196 tokens per
 * frame, D = 896) but that stays cheap on a CPU: the tiny vision tower with a projector to 896, and
 * a one-layer Qwen2 language model with the 0.5B's attention (14 heads, 2 KV heads) and an MLP as
 * narrow as its width (896, not 4,864: questions prefill up to C tokens, and the load benchmark
 * asks one a second) on the tiny byte-level vocabulary. With precomputed tokens the load benchmark
 * then moves, stores and checkpoints state of production size while the model costs little.
 */
final class TokenWidthModel {
  private TokenWidthModel() {}

  static LlavaOnevisionConfig config() {
    LlavaOnevisionConfig tiny = StandardConfigs.tiny();
    TextConfig text =
        new TextConfig(
            896, 896, 14, 2, 1, StandardConfigs.TINY_VOCAB, 1e-6, 1_000_000.0, 32768, true);
    return tiny.withText(text);
  }

  /** Writes the checkpoint (seed 42) to {@code dir}. */
  static Path write(Path dir) {
    TinyCheckpointWriter.write(dir, config(), 42, 1);
    return dir;
  }
}
