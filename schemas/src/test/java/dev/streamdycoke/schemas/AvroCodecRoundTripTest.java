package dev.streamdycoke.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class AvroCodecRoundTripTest {

  private static <T extends SpecificRecord> T roundTrip(AvroCodec<T> codec, T record)
      throws Exception {
    return codec.decode(codec.encode(record));
  }

  @Test
  void frameRoundTrips() throws Exception {
    Frame f = Fixtures.frame();
    assertEquals(f, roundTrip(AvroCodec.frames(), f));

    Frame bare = Frame.newBuilder(f).setAttributes(null).setFormat(FrameFormat.JPEG).build();
    Frame back = roundTrip(AvroCodec.frames(), bare);
    assertEquals(bare, back);
    assertNull(back.getAttributes());
  }

  @Test
  void queryRoundTrips() throws Exception {
    Query q = Fixtures.query();
    assertEquals(q, roundTrip(AvroCodec.queries(), q));

    Query noDeadline = Query.newBuilder(q).setDeadline(null).build();
    assertEquals(noDeadline, roundTrip(AvroCodec.queries(), noDeadline));
  }

  @Test
  void answerRoundTrips() throws Exception {
    Answer a = Fixtures.answer();
    assertEquals(a, roundTrip(AvroCodec.answers(), a));

    Answer failed =
        Answer.newBuilder(a)
            .setStatus(AnswerStatus.ERROR)
            .setAnswer("")
            .setError("CUDA out of memory")
            .setAnsweredAtSeq(-1)
            .setFirstSeq(-1)
            .setLastSeq(-1)
            .build();
    assertEquals(failed, roundTrip(AvroCodec.answers(), failed));
  }

  @Test
  void deadLetterRoundTrips() throws Exception {
    DeadLetter d = Fixtures.deadLetter();
    assertEquals(d, roundTrip(AvroCodec.deadLetters(), d));
  }

  @Test
  void messageCarriesSingleObjectHeader() {
    AvroCodec<Frame> codec = AvroCodec.frames();
    byte[] msg = codec.encode(Fixtures.frame());
    assertEquals((byte) 0xC3, msg[0]);
    assertEquals((byte) 0x01, msg[1]);
    long fp = ByteBuffer.wrap(msg, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(AvroCodec.fingerprint(Frame.getClassSchema()), fp);
  }

  @Test
  void matchesAvroGeneratedEncoder() throws Exception {
    // Interop: a producer using the generated class's own encoder must be readable, and vice versa.
    Frame f = Fixtures.frame();
    byte[] viaGenerated = Frame.getEncoder().encode(f).array();
    assertArrayEquals(viaGenerated, AvroCodec.frames().encode(f));
    assertEquals(f, Frame.getDecoder().decode(AvroCodec.frames().encode(f)));
  }

  @Test
  void codecSurvivesJavaSerialization() throws Exception {
    AvroCodec<Query> codec = AvroCodec.queries();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(codec);
    }
    AvroCodec<?> copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (AvroCodec<?>) in.readObject();
    }
    assertEquals(codec.acceptedWriterSchemas().keySet(), copy.acceptedWriterSchemas().keySet());
    assertEquals(Fixtures.query(), copy.decode(codec.encode(Fixtures.query())));
  }

  @Test
  void encodingAnInvalidRecordIsAnIllegalArgument() {
    Frame f = Fixtures.frame();
    // Builders validate, so corrupt a built record through the generic put.
    f.put("camera_id", null);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AvroCodec.frames().encode(f));
    assertEquals(true, e.getMessage().contains("Frame"), e.getMessage());
  }
}
