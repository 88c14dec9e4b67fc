package dev.streamdycoke.model.checkpoint;

import dev.streamdycoke.model.numeric.Fp16;

/**
 * Conversions between float32 and the 16-bit formats checkpoints are stored in. Narrowing rounds to
 * nearest with ties to even as PyTorch's {@code .half()} and {@code .bfloat16()} do; widening is
 * exact. Java 17 has no {@code Float.float16ToFloat}, and DJL 0.35's PyTorch engine aborts the JVM
 * when asked to create a half-precision array from a buffer, so widening happens here.
 */
final class HalfFloats {
  private HalfFloats() {}

  /** The IEEE 754 binary16 bits nearest {@code value}. */
  static short toFloat16(float value) {
    return Fp16.fromFloat(value);
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
    return Fp16.toFloat(half);
  }

  /** The float32 value of bfloat16 bits (exact: the bits are float32's top half). */
  static float fromBFloat16(short bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }
}
