package dev.streamdycoke.operators.ttm;

/**
 * Rounds reference rows to 8-bit integers with one power-of-two scale per row, the width keyed
 * state stores DyCoke's references and background in. They only feed cosine similarities, which do
 * not change when a row is scaled, so a per-row scale costs nothing in range; the language model
 * never sees them. A power of two makes decoding exact and encoding a rounded row give back the
 * same codes, so a merger that kept its references in memory and one that read them back after a
 * restore compute with the same floats.
 */
public final class Int8Rows {
  private static final int MAX_CODE = 127;
  private static final int MIN_EXPONENT = Byte.MIN_VALUE;
  private static final int MAX_EXPONENT = Byte.MAX_VALUE;

  /**
   * 2^k for k from -255 to 255 (index k + 255), as doubles: {@code (float) (v * POW2[k + 255])} is
   * what {@link Math#scalb(float, int)} computes for these k, without its range checks per element
   * (the coding loops run over every value of a frame: 175,616 at the 0.5B's width).
   */
  private static final double[] POW2 = powersOfTwo();

  private static final int POW2_OFFSET = 255;

  private Int8Rows() {}

  private static double[] powersOfTwo() {
    double[] out = new double[2 * POW2_OFFSET + 1];
    for (int k = -POW2_OFFSET; k <= POW2_OFFSET; k++) {
      out[k + POW2_OFFSET] = Math.scalb(1.0, k);
    }
    return out;
  }

  /** Each row rounded to its nearest int8 codes times its scale, as new arrays. */
  static float[][] rounded(float[][] rows) {
    float[][] out = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      int e = exponent(rows[i]);
      double down = POW2[POW2_OFFSET - e];
      double up = POW2[POW2_OFFSET + e];
      float[] in = rows[i];
      float[] row = new float[in.length];
      for (int d = 0; d < row.length; d++) {
        row[d] = (float) (code(in[d], down) * up);
      }
      out[i] = row;
    }
    return out;
  }

  /** Per row, the binary exponent of its scale. */
  public static byte[] exponents(float[][] rows) {
    byte[] out = new byte[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = (byte) exponent(rows[i]);
    }
    return out;
  }

  /** The rows' codes, row after row, for rows {@link #rounded} produced: exact, no rounding. */
  public static byte[] codes(float[][] rows, byte[] exponents) {
    int width = rows.length == 0 ? 0 : rows[0].length;
    byte[] out = new byte[rows.length * width];
    for (int i = 0; i < rows.length; i++) {
      double down = POW2[POW2_OFFSET - exponents[i]];
      float[] row = rows[i];
      for (int d = 0; d < width; d++) {
        out[i * width + d] = (byte) code(row[d], down);
      }
    }
    return out;
  }

  /** The rows that {@link #codes} and {@link #exponents} encode. */
  public static float[][] decode(byte[] codes, byte[] exponents) {
    int n = exponents.length;
    if (n == 0 || codes.length % n != 0) {
      throw new IllegalStateException(codes.length + " int8 codes do not make " + n + " rows");
    }
    int width = codes.length / n;
    float[][] out = new float[n][width];
    for (int i = 0; i < n; i++) {
      double up = POW2[POW2_OFFSET + exponents[i]];
      float[] row = out[i];
      for (int d = 0; d < width; d++) {
        row[d] = (float) (codes[i * width + d] * up);
      }
    }
    return out;
  }

  /**
   * The smallest exponent e with {@code 127 * 2^e} at least the row's largest finite magnitude: its
   * largest code is then at least 64 in magnitude, and a rounded row gives back the same e.
   */
  private static int exponent(float[] row) {
    float max = 0f;
    for (float v : row) {
      float abs = Math.abs(v);
      if (abs > max && abs != Float.POSITIVE_INFINITY) {
        max = abs;
      }
    }
    int e = Math.max(MIN_EXPONENT, Math.getExponent(max / MAX_CODE));
    while (e < MAX_EXPONENT && Math.scalb((float) MAX_CODE, e) < max) {
      e++;
    }
    while (e > MIN_EXPONENT && Math.scalb((float) MAX_CODE, e - 1) >= max) {
      e--;
    }
    return e;
  }

  /**
   * The nearest code to {@code value} at a scale whose inverse is {@code down} (2^-e); NaN codes 0,
   * overflow saturates.
   */
  private static int code(float value, double down) {
    // Math.round(float) without its branches: the scaled float plus 0.5 is exact as a double, so
    // the floor rounds half up as it does; a NaN converts to 0 and an infinity saturates.
    int q = (int) Math.floor((double) (float) (value * down) + 0.5);
    return Math.max(-MAX_CODE, Math.min(MAX_CODE, q));
  }
}
