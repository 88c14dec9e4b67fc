package dev.streamdycoke.operators.ttm;

import java.util.function.LongFunction;

/**
 * The reference rows one merge added to and removed from a merger's state, by {@link RowKey}. A
 * row is immutable once referenced (its key names the frame and cell it came from), so storing
 * the rows of a state needs exactly these puts and deletes, never a rewrite.
 */
public final class RowDelta {
  private static final long[] NO_KEYS = new long[0];
  private static final float[][] NO_ROWS = new float[0][];

  /** Nothing added or removed. */
  public static final RowDelta NONE = new RowDelta(NO_KEYS, NO_ROWS, NO_KEYS);

  private final long[] addedKeys;
  private final float[][] addedRows;
  private final long[] removedKeys;

  private RowDelta(long[] addedKeys, float[][] addedRows, long[] removedKeys) {
    this.addedKeys = addedKeys;
    this.addedRows = addedRows;
    this.removedKeys = removedKeys;
  }

  /**
   * The change from one set of referenced keys to another, both sorted ascending without
   * duplicates; {@code rowOf} gives the row of each newly referenced key.
   */
  static RowDelta between(long[] before, long[] after, LongFunction<float[]> rowOf) {
    int added = 0;
    int removed = 0;
    int i = 0;
    int j = 0;
    while (i < before.length || j < after.length) {
      int order = i == before.length ? 1 : j == after.length ? -1 : Long.compare(before[i], after[j]);
      if (order < 0) {
        removed++;
        i++;
      } else if (order > 0) {
        added++;
        j++;
      } else {
        i++;
        j++;
      }
    }
    if (added == 0 && removed == 0) {
      return NONE;
    }
    long[] addedKeys = new long[added];
    float[][] addedRows = new float[added][];
    long[] removedKeys = new long[removed];
    int a = 0;
    int r = 0;
    i = 0;
    j = 0;
    while (i < before.length || j < after.length) {
      int order = i == before.length ? 1 : j == after.length ? -1 : Long.compare(before[i], after[j]);
      if (order < 0) {
        removedKeys[r++] = before[i++];
      } else if (order > 0) {
        addedKeys[a] = after[j];
        addedRows[a++] = rowOf.apply(after[j++]);
      } else {
        i++;
        j++;
      }
    }
    return new RowDelta(addedKeys, addedRows, removedKeys);
  }

  public int addedCount() {
    return addedKeys.length;
  }

  public long addedKey(int i) {
    return addedKeys[i];
  }

  /** The i-th added row: the merged frame's own input row, which nobody may modify. */
  public float[] addedRow(int i) {
    return addedRows[i];
  }

  public int removedCount() {
    return removedKeys.length;
  }

  public long removedKey(int i) {
    return removedKeys[i];
  }

  @Override
  public String toString() {
    return "RowDelta[added=" + addedKeys.length + ", removed=" + removedKeys.length + "]";
  }
}
