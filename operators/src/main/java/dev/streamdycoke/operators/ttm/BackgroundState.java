package dev.streamdycoke.operators.ttm;

/**
 * A camera's running background (see {@link BackgroundNovelty}), as a Flink POJO inside the
 * mergers' states: per cell a token and its L2 norm. Replaced, never modified, once built, so state
 * snapshots may share it.
 */
public class BackgroundState {
  /** Per cell, the background token. */
  public float[][] rows;

  /** The L2 norm of each row. */
  public float[] norms;

  public BackgroundState() {}

  BackgroundState(float[][] rows, float[] norms) {
    this.rows = rows;
    this.norms = norms;
  }
}
