package dev.streamdycoke.operators.ttm;

import dev.streamdycoke.model.numeric.Fp16;

/**
 * Rounds reference rows to binary16 where they are made, so a merger computes with exactly the
 * values keyed state holds: decisions are then the same whether a camera's references stayed in
 * memory or were read back after a restore.
 */
public final class Fp16Rows {
  private Fp16Rows() {}

  /** Each row rounded to the nearest binary16 value, as new arrays. */
  static float[][] rounded(float[][] rows) {
    int[] scratch = new int[rows[0].length];
    float[][] out = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = Fp16.decode(Fp16.encode(rows[i], scratch));
    }
    return out;
  }

  /** Binary16 bit patterns of rows that {@link #rounded} produced: exact, no further rounding. */
  public static short[][] encode(float[][] rows) {
    int[] scratch = new int[rows[0].length];
    short[][] out = new short[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = Fp16.encode(rows[i], scratch);
    }
    return out;
  }

  public static float[][] decode(short[][] rows) {
    float[][] out = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = Fp16.decode(rows[i]);
    }
    return out;
  }
}
