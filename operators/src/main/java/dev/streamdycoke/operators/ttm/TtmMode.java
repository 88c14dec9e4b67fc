package dev.streamdycoke.operators.ttm;

/**
 * Which causal temporal token merging rule a camera's frames go through (docs/algorithms.md section
 * 1).
 */
public enum TtmMode {
  /**
   * DyCoke's fixed budget: windows of 4 frames, a fixed fraction of tokens kept per compared frame.
   */
  DYCOKE,
  /** Variable budget: a token is pruned when its cell's last kept token is similar enough. */
  THRESHOLD
}
