package dev.streamdycoke.cli.faults;

import dev.streamdycoke.operators.testing.TestFrames;
import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.Frame;
import dev.streamdycoke.schemas.FrameFormat;
import dev.streamdycoke.schemas.Query;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Records a hostile or broken producer might write, built from a good frame or query. */
final class HostileRecords {
  private HostileRecords() {}

  /** The frame with its JPEG cut to half its length. */
  static Frame truncatedJpeg(Frame good, long seq) {
    byte[] jpeg = bytes(good.getData());
    return Frame.newBuilder(good)
        .setSeq(seq)
        .setData(ByteBuffer.wrap(Arrays.copyOf(jpeg, jpeg.length / 2)))
        .build();
  }

  /** The frame with restart markers written over the middle of its entropy-coded data. */
  static Frame corruptJpeg(Frame good, long seq) {
    byte[] jpeg = bytes(good.getData());
    for (int i = jpeg.length / 2; i < jpeg.length / 2 + 40; i += 2) {
      jpeg[i] = (byte) 0xFF;
      jpeg[i + 1] = (byte) 0xD0;
    }
    return Frame.newBuilder(good).setSeq(seq).setData(ByteBuffer.wrap(jpeg)).build();
  }

  /** A PNG that is all header, declaring {@code side x side} RGB pixels: 30 GB for 100,000. */
  static Frame pngBomb(Frame good, long seq, int side) {
    return Frame.newBuilder(good)
        .setSeq(seq)
        .setFormat(FrameFormat.PNG)
        .setWidth(64)
        .setHeight(64)
        .setData(ByteBuffer.wrap(TestFrames.pngHeader(side, side)))
        .build();
  }

  /** The JPEG frame labelled PNG. */
  static Frame lyingFormat(Frame good, long seq) {
    return Frame.newBuilder(good).setSeq(seq).setFormat(FrameFormat.PNG).build();
  }

  /** A single-object header with a fingerprint no schema has, over a valid body. */
  static byte[] unknownFingerprint(byte[] message) {
    byte[] copy = message.clone();
    for (int i = 2; i < AvroCodec.HEADER_SIZE; i++) {
      copy[i] = (byte) ~copy[i];
    }
    return copy;
  }

  static byte[] notAvro() {
    return "{\"camera_id\": \"cam-json\", \"seq\": 1}".getBytes(StandardCharsets.UTF_8);
  }

  /** A query whose question is {@code chars} characters long. */
  static Query hugeQuestion(Query good, int chars) {
    return Query.newBuilder(good).setQuestion("x".repeat(chars)).build();
  }

  private static byte[] bytes(ByteBuffer data) {
    byte[] copy = new byte[data.remaining()];
    data.duplicate().get(copy);
    return copy;
  }
}
