package dev.streamdycoke.model.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Fp16Test {

  @Test
  void everyHalfRoundTripsExactly() {
    for (int h = 0; h < 0x10000; h++) {
      float f = Fp16.toFloat((short) h);
      if (Float.isNaN(f)) {
        assertTrue(Float.isNaN(Fp16.toFloat(Fp16.fromFloat(f))));
      } else {
        assertEquals(h, Fp16.fromFloat(f) & 0xffff, Integer.toHexString(h));
      }
    }
  }

  @Test
  void knownValuesAndRoundingToEven() {
    assertEquals(0x3c00, Fp16.fromFloat(1f) & 0xffff);
    assertEquals(0xc000, Fp16.fromFloat(-2f) & 0xffff);
    assertEquals(0x7bff, Fp16.fromFloat(65504f) & 0xffff);
    assertEquals(0x7bff, Fp16.fromFloat(65519f) & 0xffff);
    assertEquals(0x7c00, Fp16.fromFloat(65520f) & 0xffff);
    assertEquals(0xfc00, Fp16.fromFloat(Float.NEGATIVE_INFINITY) & 0xffff);
    assertEquals(0x0001, Fp16.fromFloat(0x1p-24f) & 0xffff);
    assertEquals(0x0000, Fp16.fromFloat(0x1p-25f) & 0xffff); // tie to even: 0
    assertEquals(0x0002, Fp16.fromFloat(0x1.8p-24f * 1 + 0x1p-24f) & 0xffff); // 2.5 units -> 2
    assertEquals(0x0400, Fp16.fromFloat(0x1p-14f) & 0xffff);
    assertEquals(0x3c00, Fp16.fromFloat(1f + 0x1p-11f) & 0xffff); // tie to even mantissa 0
    assertEquals(0x3c02, Fp16.fromFloat(1f + 0x3p-11f) & 0xffff); // tie to even mantissa 2
    assertEquals(0x3c01, Fp16.fromFloat(1f + 0x1p-11f + 0x1p-20f) & 0xffff);
    assertEquals(0x8000, Fp16.fromFloat(-0f) & 0xffff);
    assertTrue(Float.isNaN(Fp16.toFloat(Fp16.fromFloat(Float.NaN))));
  }

  @Test
  void randomFloatsRoundToTheNearestHalf() {
    Random random = new Random(1);
    for (int i = 0; i < 200_000; i++) {
      float f = (float) (random.nextGaussian() * Math.pow(2, random.nextInt(40) - 26));
      short h = Fp16.fromFloat(f);
      double error = Math.abs((double) Fp16.toFloat(h) - f);
      for (int step = -1; step <= 1; step += 2) {
        short neighbour = (short) (h + step);
        float other = Fp16.toFloat(neighbour);
        if (Float.isNaN(other) || Math.abs(other) > 65504f || ((h ^ neighbour) & 0x8000) != 0) {
          continue;
        }
        double otherError = Math.abs((double) other - f);
        assertTrue(
            error < otherError || (error == otherError && (h & 1) == 0),
            f + " -> " + Integer.toHexString(h & 0xffff));
      }
      if (Math.abs(f) >= 0x1p-14f && Math.abs(f) <= 65504f) {
        assertTrue(error <= Math.abs(f) * 0x1p-11, "relative error for " + f);
      }
    }
  }

  @Test
  void encodeEqualsFromFloatOnEveryElementWhateverTheRange() {
    Random random = new Random(2);
    float[] specials = {
      0f,
      -0f,
      0x1p-24f,
      0x1p-15f,
      65519f,
      65520f,
      1e9f,
      Float.NaN,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      Float.MIN_VALUE
    };
    for (int trial = 0; trial < 200; trial++) {
      float[] values = new float[1 + random.nextInt(1000)];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) (random.nextGaussian() * Math.pow(2, random.nextInt(12) - 6));
      }
      // Half the arrays are all normal-range (the fast path alone), half carry specials.
      if (trial % 2 == 1) {
        values[random.nextInt(values.length)] = specials[random.nextInt(specials.length)];
      }
      short[] encoded = Fp16.encode(values);
      for (int i = 0; i < values.length; i++) {
        assertEquals(Fp16.fromFloat(values[i]), encoded[i], values[i] + " at " + i);
      }
    }
  }
}
