package dev.streamdycoke.operators.ttm;

/** Shape checks of a frame's token matrix. */
final class Frames {
  private Frames() {}

  /**
   * Checks a frame arriving after {@code lastSeq}: seq strictly increasing per camera (the caller
   * decides what to do with late frames before they reach a merger) and a well-formed token grid.
   */
  static void checkNext(long lastSeq, long seq, float[][] tokens) {
    checkShape(tokens);
    if (seq <= lastSeq) {
      throw new IllegalArgumentException("seq " + seq + " after " + lastSeq);
    }
  }

  /** Rejects empty or ragged frames; returns the token width. */
  static int checkShape(float[][] tokens) {
    if (tokens == null || tokens.length == 0) {
      throw new IllegalArgumentException("a frame needs at least one token");
    }
    int d = tokens[0].length;
    if (d == 0) {
      throw new IllegalArgumentException("tokens need at least one dimension");
    }
    for (float[] row : tokens) {
      if (row.length != d) {
        throw new IllegalArgumentException("ragged frame: widths " + d + " and " + row.length);
      }
    }
    return d;
  }

  static boolean sameShape(float[][] a, float[][] b) {
    return a != null && b != null && a.length == b.length && a[0].length == b[0].length;
  }
}
