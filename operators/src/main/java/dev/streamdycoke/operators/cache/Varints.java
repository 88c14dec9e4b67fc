package dev.streamdycoke.operators.cache;

import java.io.ByteArrayOutputStream;

/**
 * Non-negative ints as unsigned LEB128 varints: a token's support minus one is almost always below
 * 128, so a frame's supports cost a byte a token instead of four.
 */
final class Varints {
  private Varints() {}

  static byte[] encode(int[] values) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(values.length);
    for (int v : values) {
      if (v < 0) {
        throw new IllegalArgumentException("negative value " + v);
      }
      while ((v & ~0x7F) != 0) {
        out.write((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      out.write(v);
    }
    return out.toByteArray();
  }

  /** The values {@link #encode} wrote. */
  static int[] decode(byte[] bytes) {
    int[] out = new int[bytes.length];
    int n = 0;
    int i = 0;
    while (i < bytes.length) {
      int v = 0;
      int shift = 0;
      byte b;
      do {
        if (i == bytes.length || shift > 28) {
          throw new IllegalStateException("truncated or overlong varint in stored supports");
        }
        b = bytes[i++];
        v |= (b & 0x7F) << shift;
        shift += 7;
      } while ((b & 0x80) != 0);
      out[n++] = v;
    }
    return java.util.Arrays.copyOf(out, n);
  }
}
