package dev.streamdycoke.training;

import dev.streamdycoke.model.checkpoint.Checkpoint;
import dev.streamdycoke.model.checkpoint.ConfigJson;
import dev.streamdycoke.model.checkpoint.LlavaOnevisionConfig;
import dev.streamdycoke.model.checkpoint.PreprocessorConfigJson;
import dev.streamdycoke.model.checkpoint.SafetensorsDtype;
import dev.streamdycoke.model.checkpoint.SafetensorsWeightSource;
import dev.streamdycoke.model.checkpoint.WordLevelTokenizerFiles;
import dev.streamdycoke.training.model.TrainableWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Writes the demo model as a Hugging Face layout checkpoint directory: the word-level tokenizer
 * files first (the vocabulary sizes the model), then the configs, then the weights.
 */
public final class DemoCheckpointFiles {
  private DemoCheckpointFiles() {}

  /** Writes the tokenizer and config files to {@code dir}; returns the config. */
  public static LlavaOnevisionConfig writeConfigs(Path dir) {
    try {
      Map<String, Integer> vocabulary =
          WordLevelTokenizerFiles.write(dir, DemoArchitecture.words());
      LlavaOnevisionConfig config = DemoArchitecture.config(vocabulary.size());
      ConfigJson.write(config, dir.resolve(Checkpoint.CONFIG));
      ConfigJson.writeGenerationConfig(config, dir.resolve(Checkpoint.GENERATION_CONFIG));
      PreprocessorConfigJson.write(
          PreprocessorConfigJson.llavaOnevision(config.vision().imageSize()),
          dir.resolve(Checkpoint.PREPROCESSOR_CONFIG));
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write configs to " + dir, e);
    }
  }

  /** Writes the weights (float32) atomically, so a reader never sees half a file. */
  public static void writeWeights(Path dir, TrainableWeights weights) {
    try {
      Path tmp = dir.resolve(SafetensorsWeightSource.SINGLE_FILE + ".tmp");
      weights.save(tmp, SafetensorsDtype.F32);
      Files.move(
          tmp,
          dir.resolve(SafetensorsWeightSource.SINGLE_FILE),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write weights to " + dir, e);
    }
  }
}
