package dev.streamdycoke.training;

import dev.streamdycoke.simulator.scene.SceneConfig;

/**
 * The synthetic street the demo model is trained and measured on: the default scene at one frame
 * per second of scene time, and disjoint seed ranges for training and held-out scenes.
 *
 * <p>Why 1 fps: the model watches 64 tokens per frame, and on one CPU thread a clip of up to 16
 * frames is what a training step can afford; at 1 fps such a clip spans up to 16 seconds, more than
 * the five seconds "recent" questions look back, so memory questions reach further back than recent
 * ones even in short clips. Objects stay in view for several frames at this rate (a car crosses in
 * about 3 s, a pedestrian in 10 to 20 s).
 */
public final class DemoWorld {
  /** Frames per second of scene time the model is trained and benchmarked at. */
  public static final double FPS = 1;

  /** First seed of the training scenes; training draws seeds upwards from here. */
  public static final long TRAINING_SEEDS = 1_000_000L;

  /** First seed of the held-out scenes (never used in training). */
  public static final long HELD_OUT_SEEDS = 9_000_000L;

  private DemoWorld() {}

  /** The scene of {@code seed}. */
  public static SceneConfig scene(long seed) {
    return SceneConfig.builder(seed).fps(FPS).build();
  }
}
