package dev.streamdycoke.operators.decode;

import dev.streamdycoke.operators.testing.TestFrames;
import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.FrameFormat;
import java.util.Arrays;

/**
 * Turns fuzzer bytes into a frames record value, so mutations reach every layer: the first byte
 * picks a mode. 0: the rest is the whole value. 1: a valid Frame header, then the rest as the Avro
 * body. 2: a valid Frame record whose format (byte 1), width and height (bytes 2-3, 4-5, 1 to 256)
 * are given and whose image data is the rest, which is where the image decoders get fuzzed.
 */
final class FuzzedFrames {
  private static final byte[] HEADER =
      Arrays.copyOf(
          TestFrames.value("cam-1", FrameFormat.RGB24, 1, 1, new byte[3]), AvroCodec.HEADER_SIZE);

  private FuzzedFrames() {}

  static byte[] value(byte[] input) {
    if (input.length == 0) {
      return input;
    }
    byte[] rest = Arrays.copyOfRange(input, 1, input.length);
    switch (Math.floorMod(input[0], 3)) {
      case 0:
        return rest;
      case 1:
        byte[] value = Arrays.copyOf(HEADER, HEADER.length + rest.length);
        System.arraycopy(rest, 0, value, HEADER.length, rest.length);
        return value;
      default:
        if (rest.length < 5) {
          return rest;
        }
        FrameFormat format =
            FrameFormat.values()[Math.floorMod(rest[0], FrameFormat.values().length)];
        int width = 1 + (((rest[1] & 0xFF) << 8 | (rest[2] & 0xFF)) % 256);
        int height = 1 + (((rest[3] & 0xFF) << 8 | (rest[4] & 0xFF)) % 256);
        return TestFrames.value(
            "cam-1", format, width, height, Arrays.copyOfRange(rest, 5, rest.length));
    }
  }

  static byte[] rawInput(byte[] value) {
    return prefixed(new byte[] {0}, value);
  }

  static byte[] bodyInput(byte[] body) {
    return prefixed(new byte[] {1}, body);
  }

  static byte[] imageInput(FrameFormat format, int width, int height, byte[] image) {
    int w = width - 1;
    int h = height - 1;
    return prefixed(
        new byte[] {
          2, (byte) format.ordinal(), (byte) (w >> 8), (byte) w, (byte) (h >> 8), (byte) h
        },
        image);
  }

  private static byte[] prefixed(byte[] prefix, byte[] rest) {
    byte[] out = Arrays.copyOf(prefix, prefix.length + rest.length);
    System.arraycopy(rest, 0, out, prefix.length, rest.length);
    return out;
  }
}
