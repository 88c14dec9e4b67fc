package dev.streamdycoke.model.checkpoint;

/**
 * Conversions between float32 and the 16-bit formats checkpoints are stored in. Narrowing rounds
 * to nearest with ties to even as PyTorch's {@code .half()} and {@code .bfloat16()} do; widening
 * is exact. Java 17 has no {@code Float.float16ToFloat}, and DJL 0.35's PyTorch engine aborts the
 * JVM when asked to create a half-precision array from a buffer, so widening happens here.
 */
final class HalfFloats {
  private HalfFloats() {}

  /** The IEEE 754 binary16 bits nearest {@code value}. */
  static short toFloat16(float value) {
    int bits = Float.floatToRawIntBits(value);
    int sign = (bits >>> 16) & 0x8000;
    int exponent = (bits >>> 23) & 0xff;
    int mantissa = bits & 0x7fffff;
    if (exponent == 0xff) {
      // Keep NaN a NaN by forcing a mantissa bit; infinity keeps a zero mantissa.
      return (short) (sign | 0x7c00 | (mantissa != 0 ? 0x200 | (mantissa >>> 13) : 0));
    }
    int halfExponent = exponent - 127 + 15;
    if (halfExponent >= 0x1f) {
      return (short) (sign | 0x7c00);
    }
    if (halfExponent <= 0) {
      if (halfExponent < -10) {
        return (short) sign;
      }
      // Subnormal: shift the mantissa with its implicit bit into place, then round.
      int full = mantissa | 0x800000;
      int shift = 14 - halfExponent;
      int half = full >>> shift;
      int rest = full & ((1 << shift) - 1);
      int midpoint = 1 << (shift - 1);
      if (rest > midpoint || (rest == midpoint && (half & 1) != 0)) {
        half++;
      }
      return (short) (sign | half);
    }
    int half = (halfExponent << 10) | (mantissa >>> 13);
    int rest = mantissa & 0x1fff;
    if (rest > 0x1000 || (rest == 0x1000 && (half & 1) != 0)) {
      // A carry out of the mantissa correctly bumps the exponent, up to infinity.
      half++;
    }
    return (short) (sign | half);
  }

  /** The bfloat16 bits nearest {@code value}: the top half of the float32, rounded. */
  static short toBFloat16(float value) {
    int bits = Float.floatToRawIntBits(value);
    if (Float.isNaN(value)) {
      return (short) ((bits >>> 16) | 0x40);
    }
    int rounding = 0x7fff + ((bits >>> 16) & 1);
    return (short) ((bits + rounding) >>> 16);
  }

  /** The float32 value of IEEE 754 binary16 bits (exact). */
  static float fromFloat16(short half) {
    int h = half & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exponent = (h >>> 10) & 0x1f;
    int mantissa = h & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      // Subnormal (or zero): mantissa * 2^-24, exact in float32.
      float magnitude = mantissa * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
  }

  /** The float32 value of bfloat16 bits (exact: the bits are float32's top half). */
  static float fromBFloat16(short bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }
}
