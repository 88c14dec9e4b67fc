package dev.streamdycoke.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.streamdycoke.schemas.UndecodableRecordException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UndecodableMessageTest {

  private final AvroCodec<Frame> frames = AvroCodec.frames();

  private UndecodableRecordException rejects(Reason expected, byte[] message) {
    UndecodableRecordException e =
        assertThrows(UndecodableRecordException.class, () -> frames.decode(message));
    assertEquals(expected, e.reason(), e.getMessage());
    assertTrue(e.deadLetterReason().startsWith(expected.name() + ": "), e.deadLetterReason());
    assertTrue(e.detail().length() > 10, e.detail());
    return e;
  }

  /** A message whose body is the frame with a huge data field, so lengths are multi-byte. */
  private byte[] validFrame() {
    return frames.encode(
        Frame.newBuilder(Fixtures.frame()).setData(ByteBuffer.wrap(new byte[300])).build());
  }

  @Test
  void unknownFingerprint() {
    byte[] msg = validFrame();
    msg[5] ^= 0x5A;
    UndecodableRecordException e = rejects(Reason.UNKNOWN_SCHEMA, msg);
    assertTrue(e.detail().contains("dev.streamdycoke.schemas.Frame"), e.detail());
    assertTrue(
        e.detail().contains(String.format("%016x", AvroCodec.fingerprint(Frame.getClassSchema()))),
        "lists accepted fingerprints");
  }

  @Test
  void aQueryOnTheFramesTopicIsNamed() {
    byte[] query = AvroCodec.queries().encode(Fixtures.query());
    UndecodableRecordException e = rejects(Reason.UNKNOWN_SCHEMA, query);
    assertTrue(e.detail().contains("dev.streamdycoke.schemas.Query (current)"), e.detail());
  }

  @Test
  void notAvro() {
    rejects(Reason.NOT_AVRO, null);
    rejects(Reason.NOT_AVRO, new byte[0]);
    UndecodableRecordException e =
        rejects(
            Reason.NOT_AVRO,
            "{\"camera_id\":\"cam-7\",\"seq\":1}".getBytes(StandardCharsets.UTF_8));
    assertTrue(e.detail().contains("0x7B 0x22"), e.detail());
    rejects(Reason.NOT_AVRO, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0});
    rejects(Reason.NOT_AVRO, new byte[] {(byte) 0xC3, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    rejects(Reason.NOT_AVRO, new byte[] {0x01});
  }

  @Test
  void truncatedAtEveryLength() {
    byte[] msg = validFrame();
    for (int len = 1; len < msg.length; len++) {
      rejects(Reason.TRUNCATED, Arrays.copyOf(msg, len));
    }
  }

  @Test
  void trailingBytesAreMalformed() {
    byte[] msg = validFrame();
    rejects(Reason.MALFORMED, Arrays.copyOf(msg, msg.length + 3));
  }

  @Test
  void hugeClaimedLengthIsTruncatedNotAnAllocation() {
    // camera_id is the first field: replace its length with ~1 GiB (zig-zag varint).
    byte[] msg = validFrame();
    byte[] body = Arrays.copyOfRange(msg, AvroCodec.HEADER_SIZE, msg.length);
    byte[] bomb = new byte[AvroCodec.HEADER_SIZE + 5 + body.length - 1];
    System.arraycopy(msg, 0, bomb, 0, AvroCodec.HEADER_SIZE);
    byte[] len = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x07};
    System.arraycopy(len, 0, bomb, AvroCodec.HEADER_SIZE, 5);
    System.arraycopy(body, 1, bomb, AvroCodec.HEADER_SIZE + 5, body.length - 1);
    UndecodableRecordException e = rejects(Reason.TRUNCATED, bomb);
    assertTrue(e.detail().contains("string"), e.detail());
  }

  @Test
  void badEnumAndUnionIndexesAreMalformed() {
    Frame f =
        Frame.newBuilder(Fixtures.frame())
            .setCameraId("c")
            .setAttributes(null)
            .setData(ByteBuffer.allocate(0))
            .build();
    byte[] msg = frames.encode(f);
    int h = AvroCodec.HEADER_SIZE;
    // Body: camera_id (len 1, 'c'), seq varint (42 -> 0x54), capture_time varint (6 bytes),
    // format index, width, height, data length 0, attributes union index 0.
    int formatAt = h + 2 + 1 + 6;
    assertEquals(2 * FrameFormat.RGB24.ordinal(), msg[formatAt]);
    byte[] badEnum = msg.clone();
    badEnum[formatAt] = 2 * 7;
    assertTrue(rejects(Reason.MALFORMED, badEnum).detail().contains("enum index 7"));

    byte[] badUnion = msg.clone();
    assertEquals(0, badUnion[badUnion.length - 1]);
    badUnion[badUnion.length - 1] = 2 * 5;
    assertTrue(rejects(Reason.MALFORMED, badUnion).detail().contains("union branch 5"));
  }

  @Test
  void randomCorruptionOnlyEverRaisesTheTypedException() {
    byte[] good = frames.encode(Fixtures.frame());
    Random random = new Random(7);
    int rejected = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] bad = good.clone();
      int flips = 1 + random.nextInt(4);
      for (int j = 0; j < flips; j++) {
        // Mostly corrupt the body, so most cases get past the fingerprint check.
        int at = AvroCodec.HEADER_SIZE + random.nextInt(bad.length - AvroCodec.HEADER_SIZE);
        bad[at] = (byte) random.nextInt(256);
      }
      if (random.nextInt(4) == 0) {
        bad = Arrays.copyOf(bad, AvroCodec.HEADER_SIZE + random.nextInt(bad.length * 2));
      }
      try {
        frames.decode(bad);
      } catch (UndecodableRecordException e) {
        rejected++;
      } catch (Throwable t) {
        fail("corruption #" + i + " raised " + t, t);
      }
    }
    assertTrue(rejected > 1_000, "rejected " + rejected);
  }
}
