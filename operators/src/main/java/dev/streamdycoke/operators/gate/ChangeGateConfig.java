package dev.streamdycoke.operators.gate;

import java.io.Serializable;

/**
 * When a frame may skip the vision tower.
 *
 * @param threshold mean absolute grey-level difference (0-255) from the camera's last encoded frame
 *     below which a frame is skipped; 0 turns the gate off and every frame is encoded
 * @param keyframeEvery a camera has at least one frame in this many encoded, even if nothing
 *     changed, so a slow drift below the threshold cannot accumulate unseen
 */
public record ChangeGateConfig(double threshold, int keyframeEvery) implements Serializable {
  /**
   * Measured by ChangeGateBenchmark (docs/faults-and-load.md): 2.0 skips 62% of a fixed camera's
   * frames and 5% of a 2 px/frame pan; 3.0 would skip 76% and 50%, half of a moving camera's.
   */
  public static final double DEFAULT_THRESHOLD = 2.0;

  public static final int DEFAULT_KEYFRAME_EVERY = 16;

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
