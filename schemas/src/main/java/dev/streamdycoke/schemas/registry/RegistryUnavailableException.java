package dev.streamdycoke.schemas.registry;

/**
 * The schema registry could not answer: unreachable, timing out, failing (HTTP 5xx), refusing our
 * credentials, or not a schema registry at all. Never the record's fault, so never a dead letter:
 * unchecked, it fails the task once retries are exhausted, and Flink restarts the job from its last
 * checkpoint.
 */
public final class RegistryUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public RegistryUnavailableException(String message) {
    super(message);
  }

  public RegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
