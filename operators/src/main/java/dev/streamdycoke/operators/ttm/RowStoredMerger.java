package dev.streamdycoke.operators.ttm;

import java.util.function.LongFunction;

/**
 * A merger whose state is stored as a small index plus one immutable row per referenced token, so
 * that a frame's state update writes the index and only the rows that changed ({@link
 * #lastDelta()}) instead of the whole reference frames.
 *
 * <p>After a merge, the rows the state references are exactly the rows stored before it, plus the
 * delta's added rows, minus its removed ones. {@link #restore(Object, LongFunction)} rebuilds the
 * state from an index and a lookup of those rows, mirroring the token cache's restore and
 * loadRows.
 *
 * @param <I> the index class, a Flink POJO
 */
public interface RowStoredMerger<I> {

  /** As {@link TemporalTokenMerger#merge}; afterwards {@link #lastDelta()} says what rows changed. */
  MergeResult merge(long seq, float[][] tokens);

  /** The rows the last merge added and removed; {@link RowDelta#NONE} after a restore. */
  RowDelta lastDelta();

  /** The current index; later merges do not change the returned object. */
  I index();

  /** The index class, for Flink state descriptors. */
  Class<I> indexType();

  /** Seq of the last frame merged into {@code index}'s state, without loading any row. */
  long lastSeqOf(I index);

  /**
   * Replaces the state with the one {@code index} describes, reading each row it references from
   * {@code rows}; later merges do not change {@code index}.
   *
   * @throws IllegalStateException if {@code rows} lacks a referenced row
   */
  void restore(I index, LongFunction<float[]> rows);

  /** A merger for the configured mode, with empty state. */
  static RowStoredMerger<?> create(TtmConfig config) {
    return switch (config.mode()) {
      case DYCOKE -> new DycokeMerger(config);
      case THRESHOLD -> new ThresholdMerger(config);
    };
  }

  /** The row of {@code key}, which the index references. */
  static float[] required(LongFunction<float[]> rows, long key) {
    float[] row = rows.apply(key);
    if (row == null) {
      throw new IllegalStateException(
          "TTM state lacks the reference row of seq " + RowKey.seq(key) + " cell " + RowKey.cell(key));
    }
    return row;
  }
}
