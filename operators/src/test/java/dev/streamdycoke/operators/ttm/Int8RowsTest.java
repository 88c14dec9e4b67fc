package dev.streamdycoke.operators.ttm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** What a stored int8 reference gives back, and what it costs in cosine. */
class Int8RowsTest {
  private static final int N = 16;
  private static final int D = 896;

  @Test
  void storedRowsDecodeToExactlyTheRoundedRowsAMergerComputesWith() {
    float[][] rows = TokenMatrices.random(new Random(3), N, D);
    rows[5][7] *= 1000f; // one outlier: that row's scale follows it
    float[][] rounded = Int8Rows.rounded(rows);
    byte[] exponents = Int8Rows.exponents(rounded);
    byte[] codes = Int8Rows.codes(rounded, exponents);
    float[][] decoded = Int8Rows.decode(codes, exponents);
    for (int c = 0; c < N; c++) {
      assertArrayEquals(rounded[c], decoded[c], "row " + c);
    }
    assertArrayEquals(exponents, Int8Rows.exponents(rows));
    assertArrayEquals(rounded[0], Int8Rows.rounded(rounded)[0], "rounding twice changes nothing");
  }

  @Test
  void aRoundedRowKeepsItsDirection() {
    float[][] rows = TokenMatrices.random(new Random(4), N, D);
    float[][] rounded = Int8Rows.rounded(rows);
    for (int c = 0; c < N; c++) {
      assertTrue(TokenMatrices.cosine(rows[c], rounded[c]) > 0.9995, "row " + c);
    }
  }

  @Test
  void zeroAndNonFiniteValuesDoNotBreakARow() {
    float[][] rows = new float[2][D];
    rows[1][0] = Float.NaN;
    rows[1][1] = Float.POSITIVE_INFINITY;
    rows[1][2] = 2f;
    float[][] rounded = Int8Rows.rounded(rows);
    assertEquals(0f, rounded[0][0]);
    assertEquals(0f, rounded[1][0], "NaN codes 0");
    assertEquals(127 * 0x1p-5f, rounded[1][1], "infinity saturates at the largest code");
    assertEquals(2f, rounded[1][2]);
  }

  @Test
  void codesRoundHalfUpAsMathRoundDoes() {
    // 127 makes the scale 1, so the codes are the values rounded.
    float[][] rows = {{127f, 2.5f, -2.5f, 0.49999997f, -0.5f, 126.5f}};
    byte[] exponents = Int8Rows.exponents(rows);
    assertEquals(0, exponents[0]);
    assertArrayEquals(new byte[] {127, 3, -2, 0, 0, 127}, Int8Rows.codes(rows, exponents));
  }
}
