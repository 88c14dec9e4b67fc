package dev.streamdycoke.model.numeric;

/**
 * IEEE 754 binary16 conversion with round-to-nearest-even, for Java 17 which lacks {@code
 * Float.floatToFloat16}. Halves the bytes of embeddings kept in state.
 */
public final class Fp16 {
  /** Smallest float magnitude that rounds to half infinity: 65520 = max half + half an ulp. */
  private static final int OVERFLOW_BITS = 0x477ff000;

  /** 2^-14, the smallest normal half. */
  private static final int MIN_NORMAL_BITS = 0x38800000;

  /** Rebias from float exponent (127) to half exponent (15), in float bit position. */
  private static final int REBIAS = (127 - 15) << 23;

  private Fp16() {}

  /** The nearest half to {@code value}, ties to even; NaN stays NaN, overflow gives infinity. */
  public static short fromFloat(float value) {
    int bits = Float.floatToRawIntBits(value);
    int sign = (bits >>> 16) & 0x8000;
    int abs = bits & 0x7fffffff;
    if (abs >= OVERFLOW_BITS) {
      if (abs > 0x7f800000) {
        return (short) (sign | 0x7e00 | ((abs >>> 13) & 0x3ff));
      }
      return (short) (sign | 0x7c00);
    }
    if (abs >= MIN_NORMAL_BITS) {
      // Adding just under half an ulp, plus the kept lsb, makes the truncation below round to even;
      // a mantissa carry correctly bumps the exponent.
      int rounded = abs + 0xfff + ((abs >>> 13) & 1);
      return (short) (sign | ((rounded - REBIAS) >>> 13));
    }
    // Subnormal: adding 0.5f puts the value's 2^-24 units in the float mantissa's low bits, and
    // the FPU's own round-to-nearest-even does the rounding.
    int units = Float.floatToRawIntBits(Float.intBitsToFloat(abs) + 0.5f) - 0x3f000000;
    return (short) (sign | units);
  }

  /** The exact float value of a half. */
  public static float toFloat(short half) {
    int h = half & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exponent = (h >>> 10) & 0x1f;
    int mantissa = h & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      float magnitude = mantissa * 0x1p-24f;
      return sign != 0 ? -magnitude : magnitude;
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }

  /**
   * {@link #fromFloat} of every value. The token cache encodes every kept token, so this is on the
   * per-frame hot path, and it is written for Java 17's C2 auto-vectoriser: a float-to-bits pass, a
   * branch-free rounding pass in ints that is exact for normal-range halves and flags any value
   * outside that range, then a narrowing pass to shorts. Fused into one loop C2 vectorises none of
   * it; split, about 40 % less time at D = 896. The rare out-of-range values (zero, subnormals,
   * overflow, NaN) are redone exactly.
   */
  public static short[] encode(float[] values) {
    return encode(values, new int[values.length]);
  }

  /**
   * {@link #encode(float[])} with caller-owned scratch of at least {@code values.length} ints, so a
   * caller encoding many rows allocates only their results.
   */
  public static short[] encode(float[] values, int[] scratch) {
    int n = values.length;
    int[] halves = scratch;
    for (int i = 0; i < n; i++) {
      halves[i] = Float.floatToRawIntBits(values[i]);
    }
    int outOfRange = 0;
    for (int i = 0; i < n; i++) {
      int bits = halves[i];
      int abs = bits & 0x7fffffff;
      int rounded = abs + 0xfff + ((abs >>> 13) & 1);
      halves[i] = ((bits >>> 16) & 0x8000) | ((rounded - REBIAS) >>> 13);
      // Negative exactly when abs < MIN_NORMAL_BITS or abs >= OVERFLOW_BITS.
      outOfRange |= (abs - MIN_NORMAL_BITS) | (OVERFLOW_BITS - 1 - abs);
    }
    short[] out = new short[n];
    for (int i = 0; i < n; i++) {
      out[i] = (short) halves[i];
    }
    if (outOfRange < 0) {
      for (int i = 0; i < n; i++) {
        int abs = Float.floatToRawIntBits(values[i]) & 0x7fffffff;
        if (abs < MIN_NORMAL_BITS || abs >= OVERFLOW_BITS) {
          out[i] = fromFloat(values[i]);
        }
      }
    }
    return out;
  }

  public static float[] decode(short[] halves) {
    float[] out = new float[halves.length];
    for (int i = 0; i < halves.length; i++) {
      out[i] = toFloat(halves[i]);
    }
    return out;
  }
}
