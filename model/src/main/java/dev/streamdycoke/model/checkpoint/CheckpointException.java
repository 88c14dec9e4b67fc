package dev.streamdycoke.model.checkpoint;

import java.nio.file.Path;

/**
 * A checkpoint that cannot be used: a missing or malformed file, a missing tensor, a tensor of the
 * wrong shape or an unsupported model type. The message always names the file, and the tensor where
 * one is at fault, so an operator can fix the directory without reading code.
 */
public class CheckpointException extends RuntimeException {
  private final Path file;
  private final String tensor;

  public CheckpointException(Path file, String tensor, String message) {
    this(file, tensor, message, null);
  }

  public CheckpointException(Path file, String tensor, String message, Throwable cause) {
    super(describe(file, tensor, message), cause);
    this.file = file;
    this.tensor = tensor;
  }

  private static String describe(Path file, String tensor, String message) {
    StringBuilder sb = new StringBuilder();
    sb.append(file);
    if (tensor != null) {
      sb.append(": tensor '").append(tensor).append('\'');
    }
    return sb.append(": ").append(message).toString();
  }

  /** The file at fault. */
  public Path file() {
    return file;
  }

  /** The tensor at fault, or null when the problem is not one tensor's. */
  public String tensor() {
    return tensor;
  }
}
