package dev.streamdycoke.operators.encode;

import java.io.Serializable;

/**
 * When a micro-batch of frames goes to the vision tower: as soon as it holds {@code maxSize}
 * frames, or {@code maxWaitMillis} after its first frame arrived, whichever comes first. Larger
 * batches amortise the forward pass (most on a GPU); the wait bounds the latency a quiet camera
 * pays.
 */
public record BatchPolicy(int maxSize, long maxWaitMillis) implements Serializable {
  public static final int DEFAULT_MAX_SIZE = 8;
  public static final long DEFAULT_MAX_WAIT_MILLIS = 50;

  public BatchPolicy {
    if (maxSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, was " + maxSize);
    }
    if (maxWaitMillis < 0) {
      throw new IllegalArgumentException("batch wait must not be negative, was " + maxWaitMillis);
    }
  }

  public static BatchPolicy defaults() {
    return new BatchPolicy(DEFAULT_MAX_SIZE, DEFAULT_MAX_WAIT_MILLIS);
  }
}
