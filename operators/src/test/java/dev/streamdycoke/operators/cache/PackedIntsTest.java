package dev.streamdycoke.operators.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackedIntsTest {
  /** Supports read back are the ones written, at any width; padding decodes as 0. */
  @Test
  void valuesRoundTripAtEveryWidth() {
    Random random = new Random(3);
    for (int bits = 0; bits <= 31; bits++) {
      int top = bits == 31 ? Integer.MAX_VALUE : 1 << bits;
      for (int n : new int[] {1, 3, 58, 196}) {
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
          values[i] = random.nextInt(top);
        }
        // The largest sets the width.
        values[0] = top - 1;
        int[] back = PackedInts.decode(PackedInts.encode(values));
        if (bits == 0) {
          assertEquals(0, back.length);
          continue;
        }
        assertArrayEquals(values, Arrays.copyOf(back, n), bits + " bits, " + n + " values");
        for (int i = n; i < back.length; i++) {
          assertEquals(0, back[i], "padding");
        }
      }
    }
  }

  @Test
  void anAnchorsSupportsTakeTwoBitsEach() {
    int[] supports = new int[196];
    Arrays.fill(supports, 3);
    assertEquals(1 + 49, PackedInts.encode(supports).length);
  }
}
