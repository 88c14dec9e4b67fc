package dev.streamdycoke.operators;

import dev.streamdycoke.model.LanguageModel;
import dev.streamdycoke.model.LlavaOnevisionModel;
import dev.streamdycoke.model.ModelOptions;
import dev.streamdycoke.model.VisionModel;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an operator finds its model: a checkpoint directory in Hugging Face layout, readable on
 * every TaskManager, and the device to run on ({@code cpu}, {@code auto}, {@code cuda} or {@code
 * cuda:N}). Operators carry this small description through the job graph and open the model
 * themselves in {@code open()}, because a loaded model holds native memory and cannot be
 * serialized.
 */
public record ModelSpec(String checkpointDir, String device) implements Serializable {
  public static final String DEFAULT_DEVICE = "cpu";

  public ModelSpec {
    Objects.requireNonNull(checkpointDir, "checkpointDir");
    // Syntax only: parsing "auto" would start the engine on the client that builds the job graph.
    if (device == null || !device.trim().matches("(?i)cpu|auto|cuda|gpu|(cuda|gpu):\\d+")) {
      throw new IllegalArgumentException(
          "device must be cpu, auto, cuda or cuda:N, was '" + device + "'");
    }
  }

  /**
   * Loads the checkpoint's vision tower, projector and pooling, for the encode operator (which
   * needs no language model); the caller closes it.
   */
  public VisionModel openVision() {
    return LlavaOnevisionModel.loadVision(Path.of(checkpointDir), ModelOptions.parse(device));
  }

  /**
   * Loads the checkpoint's language model and prompt, for the answer operator (which needs no
   * vision tower); the caller closes it.
   */
  public LanguageModel openLanguage() {
    return LlavaOnevisionModel.loadLanguage(Path.of(checkpointDir), ModelOptions.parse(device));
  }
}
