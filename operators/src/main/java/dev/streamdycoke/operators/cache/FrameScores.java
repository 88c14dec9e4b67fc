package dev.streamdycoke.operators.cache;

/**
 * The scores and last-relevant clocks of one frame's cached tokens once answers changed them, by
 * rank in the frame's {@link CachedFrame}; ranks of evicted tokens hold nothing meaningful.
 */
public class FrameScores {
  public float[] score;

  /** Per rank, the last-relevant clock; null when every token's is the frame's inserted-at. */
  public long[] lastRelevant;

  public FrameScores() {}

  FrameScores(float[] score, long[] lastRelevant) {
    this.score = score;
    this.lastRelevant = lastRelevant;
  }
}
