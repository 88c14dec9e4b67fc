package dev.streamdycoke.operators.ttm;

/**
 * Threshold merging state of one camera, as a Flink POJO: per cell the most recently kept token,
 * its norm and its frame's seq, and the running background novelty is scored against.
 */
public class ThresholdState {
  /** Seq of the last merged frame, {@link Long#MIN_VALUE} before the first. */
  public long lastSeq = Long.MIN_VALUE;

  /** Seq of the last anchor frame. */
  public long lastAnchorSeq;

  /** Per cell, the most recently kept token; null before the first frame. */
  public float[][] reference;

  public float[] referenceNorms;

  /** Per cell, the seq of {@link #reference}'s frame: the representative of pruned tokens. */
  public long[] referenceSeq;

  /** The running per-cell background novelty is scored against; null before the first frame. */
  public BackgroundState background;

  public ThresholdState() {}

  /** The row array is copied because merging replaces rows in place; the rows are shared. */
  ThresholdState copy() {
    ThresholdState s = new ThresholdState();
    s.lastSeq = lastSeq;
    s.lastAnchorSeq = lastAnchorSeq;
    if (reference != null) {
      s.reference = reference.clone();
      s.referenceNorms = referenceNorms.clone();
      s.referenceSeq = referenceSeq.clone();
    }
    s.background = background;
    return s;
  }
}
