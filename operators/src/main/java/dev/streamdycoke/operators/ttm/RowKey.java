package dev.streamdycoke.operators.ttm;

/**
 * The state key of a reference token row: seq in the high bits, cell in the low 20 (a frame has far
 * fewer cells), the same layout as the token cache's rows, so one camera's rows sort by token id.
 */
public final class RowKey {
  private static final int CELL_BITS = 20;

  private RowKey() {}

  public static long of(long seq, int cell) {
    return (seq << CELL_BITS) | cell;
  }

  public static long seq(long key) {
    return key >> CELL_BITS;
  }

  public static int cell(long key) {
    return (int) (key & ((1L << CELL_BITS) - 1));
  }
}
