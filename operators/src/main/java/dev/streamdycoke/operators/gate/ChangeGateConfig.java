package dev.streamdycoke.operators.gate;

import java.io.Serializable;

/**
 * When a frame may skip the vision tower.
 *
 * @param threshold {@link Thumbnail#change} (0-255: the most-changed block's mean grey-level
 *     difference) from the camera's last encoded frame below which a frame is skipped; 0 turns the
 *     gate off and every frame is encoded
 * @param keyframeEvery a camera has at least one frame in this many encoded, even if nothing
 *     changed, so a slow drift below the threshold cannot accumulate unseen
 */
public record ChangeGateConfig(double threshold, int keyframeEvery) implements Serializable {
  /**
   * Measured by ChangeGateBenchmark and QaAccuracyBenchmark (docs/benchmarks.md): with a keyframe
   * every 4 frames, 7 skips 55 % of a fixed real camera's frames (people walking in a hallway) and
   * costs 0.6 points of QA accuracy on the QA world with full context, 0.8 with the default cache;
   * 6 saves under half there, 8 costs more than a point.
   */
  public static final double DEFAULT_THRESHOLD = 7.0;

  /**
   * A frame the score misses (a small object entering) reaches the tower within this many frames.
   * 16 saved more on a still camera (at most 94 % instead of 75 %) but cost 1.1 points with the
   * default cache, over the 1-point bound.
   */
  public static final int DEFAULT_KEYFRAME_EVERY = 4;

  public ChangeGateConfig {
    if (!(threshold >= 0 && threshold <= 255)) {
      throw new IllegalArgumentException("change threshold must be in [0, 255], was " + threshold);
    }
    if (keyframeEvery < 1) {
      throw new IllegalArgumentException(
          "keyframe interval must be at least 1, was " + keyframeEvery);
    }
  }

  public static ChangeGateConfig defaults() {
    return new ChangeGateConfig(DEFAULT_THRESHOLD, DEFAULT_KEYFRAME_EVERY);
  }

  /** The gate off: every frame goes to the tower. */
  public static ChangeGateConfig off() {
    return new ChangeGateConfig(0, DEFAULT_KEYFRAME_EVERY);
  }

  public boolean enabled() {
    return threshold > 0 && keyframeEvery > 1;
  }
}
