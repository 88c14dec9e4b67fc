package dev.streamdycoke.operators.ttm;

/**
 * The stored index of a {@link ThresholdState}, as a Flink POJO: everything but the token rows.
 * Cell {@code c}'s reference row is that of seq {@code referenceSeq[c]}; there are no references
 * when {@link #referenceSeq} is null.
 */
public class ThresholdIndex {
  public long lastSeq = Long.MIN_VALUE;
  public long lastAnchorSeq;
  public float[] referenceNorms;
  public long[] referenceSeq;

  public ThresholdIndex() {}
}
