package dev.streamdycoke.operators;

import dev.streamdycoke.model.LlavaOnevisionModel;
import dev.streamdycoke.model.ModelOptions;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an operator finds its model: a checkpoint directory in Hugging Face layout, readable on every
 * TaskManager, and the device to run on ({@code cpu}, {@code auto}, {@code cuda} or {@code cuda:N}).
 * Operators carry this small description through the job graph and open the model themselves in
 * {@code open()}, because a loaded model holds native memory and cannot be serialized.
 */
public record ModelSpec(String checkpointDir, String device) implements Serializable {
  public ModelSpec {
    Objects.requireNonNull(checkpointDir, "checkpointDir");
    // Syntax only: parsing "auto" would start the engine on the client that builds the job graph.
    if (device == null || !device.trim().matches("(?i)cpu|auto|cuda|gpu|(cuda|gpu):\\d+")) {
      throw new IllegalArgumentException("device must be cpu, auto, cuda or cuda:N, was '" + device + "'");
    }
  }

  /** Loads the checkpoint; the caller closes the model. */
  public LlavaOnevisionModel open() {
    return LlavaOnevisionModel.load(Path.of(checkpointDir), ModelOptions.parse(device));
  }
}
