package dev.streamdycoke.operators.cache;

/**
 * Non-negative ints bit-packed at the width of the largest: a byte with the width, then the values,
 * least significant bit first. A frame's supports minus one are 0 to 3 under DyCoke (its window's
 * later frames merge into it), so an anchor's 196 cost 50 bytes instead of 784 as ints.
 */
final class PackedInts {
  private PackedInts() {}

  static byte[] encode(int[] values) {
    int max = 0;
    for (int v : values) {
      if (v < 0) {
        throw new IllegalArgumentException("negative value " + v);
      }
      max |= v;
    }
    int bits = 32 - Integer.numberOfLeadingZeros(max);
    byte[] out = new byte[1 + (int) (((long) values.length * bits + 7) / 8)];
    out[0] = (byte) bits;
    long at = 8;
    for (int v : values) {
      for (int b = 0; b < bits; b++, at++) {
        if ((v >>> b & 1) != 0) {
          out[(int) (at >>> 3)] |= (byte) (1 << (at & 7));
        }
      }
    }
    return out;
  }

  /**
   * The values {@link #encode} wrote; with a width of 0 (all zero) their count is not stored, and
   * none are returned: a reader takes missing values as 0.
   */
  static int[] decode(byte[] bytes) {
    if (bytes.length == 0 || bytes[0] < 0 || bytes[0] > 31) {
      throw new IllegalStateException("stored supports have no valid bit width");
    }
    int bits = bytes[0];
    if (bits == 0) {
      return new int[0];
    }
    int n = (int) ((long) (bytes.length - 1) * 8 / bits);
    int[] out = new int[n];
    long at = 8;
    for (int i = 0; i < n; i++) {
      int v = 0;
      for (int b = 0; b < bits; b++, at++) {
        v |= ((bytes[(int) (at >>> 3)] >>> (at & 7)) & 1) << b;
      }
      out[i] = v;
    }
    return out;
  }
}
