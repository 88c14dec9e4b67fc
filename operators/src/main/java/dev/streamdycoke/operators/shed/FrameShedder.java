package dev.streamdycoke.operators.shed;

import java.io.Serializable;

/**
 * The age bound on frames: a frame captured more than {@code maxAgeMillis} before now is stale and
 * not worth the tower's time, because an answer built on it would describe the past.
 *
 * <p>Age is the job clock minus the camera's capture time, so a camera clock running ahead makes
 * its frames look younger and never shed; one running far behind gets its frames shed, which a
 * metric per reason makes visible. Free of Flink.
 *
 * @param maxAgeMillis the bound; 0 turns shedding off
 */
public record FrameShedder(long maxAgeMillis) implements Serializable {
  /** About the staleness a person asking "what is happening now" still accepts. */
  public static final long DEFAULT_MAX_AGE_MILLIS = 2_000;

  public FrameShedder {
    if (maxAgeMillis < 0) {
      throw new IllegalArgumentException("max frame age must not be negative, was " + maxAgeMillis);
    }
  }

  public static FrameShedder off() {
    return new FrameShedder(0);
  }

  public boolean enabled() {
    return maxAgeMillis > 0;
  }

  /** Whether a frame captured at {@code captureTime} is too old at {@code now}. */
  public boolean isStale(long captureTime, long now) {
    return enabled() && now - captureTime > maxAgeMillis;
  }
}
