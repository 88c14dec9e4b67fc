package dev.streamdycoke.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class SchemaEvolutionTest {

  /** Encodes as a producer built against {@code schema} would, with no generated classes. */
  private static byte[] writeGeneric(Schema schema, GenericRecord record) throws Exception {
    return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema)
        .encode(record)
        .array();
  }

  @Test
  void v1FrameDecodesWithAttributesNull() throws Exception {
    Schema v1 = SchemaHistory.olderVersions(Frame.class).get(0);
    assertNull(v1.getField("attributes"));
    GenericRecord old =
        new GenericRecordBuilder(v1)
            .set("camera_id", "cam-1")
            .set("seq", 9L)
            .set("capture_time", Fixtures.T0.toEpochMilli())
            .set("format", new GenericData.EnumSymbol(v1.getField("format").schema(), "PNG"))
            .set("width", 640)
            .set("height", 480)
            .set("data", ByteBuffer.wrap(new byte[] {(byte) 0x89, 'P', 'N', 'G'}))
            .build();

    Frame f = AvroCodec.frames().decode(writeGeneric(v1, old));

    assertEquals("cam-1", f.getCameraId());
    assertEquals(9L, f.getSeq());
    assertEquals(Fixtures.T0, f.getCaptureTime());
    assertEquals(FrameFormat.PNG, f.getFormat());
    assertEquals(640, f.getWidth());
    assertEquals(480, f.getHeight());
    assertEquals(ByteBuffer.wrap(new byte[] {(byte) 0x89, 'P', 'N', 'G'}), f.getData());
    assertNull(f.getAttributes());
  }

  @Test
  void v1QueryDecodesWithDefaults() throws Exception {
    Schema v1 = SchemaHistory.olderVersions(Query.class).get(0);
    assertNull(v1.getField("max_new_tokens"));
    assertNull(v1.getField("deadline"));
    GenericRecord old =
        new GenericRecordBuilder(v1)
            .set("query_id", "q-old")
            .set("camera_ids", List.of("a", "b", "c"))
            .set("question", "Is the plaza empty?")
            .set("issued_at", Fixtures.T0.toEpochMilli())
            .build();

    Query q = AvroCodec.queries().decode(writeGeneric(v1, old));

    assertEquals("q-old", q.getQueryId());
    assertEquals(List.of("a", "b", "c"), q.getCameraIds());
    assertEquals("Is the plaza empty?", q.getQuestion());
    assertEquals(Fixtures.T0, q.getIssuedAt());
    assertEquals(32, q.getMaxNewTokens());
    assertNull(q.getDeadline());
  }

  @Test
  void v2QueryDecodesAsOneShot() throws Exception {
    Schema v2 = SchemaHistory.olderVersions(Query.class).get(1);
    assertNull(v2.getField("standing"));
    GenericRecord old =
        new GenericRecordBuilder(v2)
            .set("query_id", "q-v2")
            .set("camera_ids", List.of("cam-1"))
            .set("question", "Is there a red car?")
            .set("issued_at", Fixtures.T0.toEpochMilli())
            .set("max_new_tokens", 8)
            .set("deadline", null)
            .build();

    Query q = AvroCodec.queries().decode(writeGeneric(v2, old));

    assertEquals("q-v2", q.getQueryId());
    assertEquals(8, q.getMaxNewTokens());
    assertNull(q.getStanding());
  }

  @Test
  void standingSpecDefaultsAreEveryFrameOnChangeHoldOne() {
    StandingSpec spec = StandingSpec.newBuilder().build();
    assertEquals(1, spec.getEveryFrames());
    assertNull(spec.getMinIntervalMs());
    assertEquals(StandingEmit.ON_CHANGE, spec.getEmit());
    assertEquals(1, spec.getHold());
    assertNull(spec.getExpiresAt());
    assertNull(spec.getMaxEvents());
  }

  @Test
  void v3AnswerWithANewStatusIsReadByAV2ConsumerAsError() throws Exception {
    // Old consumers do not know CANCELLED; the enum default turns it into ERROR, not a failure.
    Schema v2 = SchemaHistory.olderVersions(Answer.class).get(1);
    Answer cancelled =
        Answer.newBuilder(Fixtures.answer())
            .setStatus(AnswerStatus.CANCELLED)
            .setEventNumber(3L)
            .build();
    BinaryMessageDecoder<GenericRecord> v2Reader =
        new BinaryMessageDecoder<>(GenericData.get(), v2);
    v2Reader.addSchema(Answer.getClassSchema());

    GenericRecord read = v2Reader.decode(AvroCodec.answers().encode(cancelled));

    assertEquals("ERROR", read.get("status").toString());
    assertNull(read.getSchema().getField("event_number"));
  }

  @Test
  void everyHistoricVersionIsReadableByTheCurrentSchemaAndDistinct() {
    for (Class<? extends SpecificRecord> type : SchemaHistory.currentTypes()) {
      Schema current = SchemaHistory.currentSchema(type);
      for (Schema old : SchemaHistory.olderVersions(type)) {
        assertEquals(
            SchemaCompatibilityType.COMPATIBLE,
            SchemaCompatibility.checkReaderWriterCompatibility(current, old).getType(),
            old.toString());
        assertNotEquals(AvroCodec.fingerprint(current), AvroCodec.fingerprint(old));
      }
      assertEquals(
          1 + SchemaHistory.olderVersions(type).size(),
          AvroCodec.of(type).acceptedWriterSchemas().size(),
          type.getName());
    }
    assertEquals(1, SchemaHistory.olderVersions(Frame.class).size());
    assertEquals(2, SchemaHistory.olderVersions(Query.class).size());
    assertEquals(2, SchemaHistory.olderVersions(Answer.class).size());
  }

  @Test
  void v1AnswerDecodesWithFreshnessNull() throws Exception {
    Schema v1 = SchemaHistory.olderVersions(Answer.class).get(0);
    assertNull(v1.getField("newest_capture_time"));
    assertNull(v1.getField("staleness_ms"));
    Schema timings = v1.getField("timings").schema();
    GenericRecord old =
        new GenericRecordBuilder(v1)
            .set("query_id", "q-old")
            .set("camera_id", "cam-1")
            .set("question", "Is the plaza empty?")
            .set("answer", "yes")
            .set("status", new GenericData.EnumSymbol(v1.getField("status").schema(), "OK"))
            .set("answered_at", Fixtures.T0.toEpochMilli())
            .set("answered_at_seq", 7L)
            .set("first_seq", 1L)
            .set("last_seq", 7L)
            .set("visual_tokens", 10)
            .set("tokens_attended", 10)
            .set("retained_ratio", 0.5)
            .set(
                "timings",
                new GenericRecordBuilder(timings)
                    .set("queue_ms", 1.0)
                    .set("prefill_ms", 2.0)
                    .set("first_token_ms", 3.0)
                    .set("decode_ms", 4.0)
                    .build())
            .build();

    Answer a = AvroCodec.answers().decode(writeGeneric(v1, old));

    assertEquals("q-old", a.getQueryId());
    assertEquals(AnswerStatus.OK, a.getStatus());
    assertEquals(7L, a.getLastSeq());
    assertNull(a.getNewestCaptureTime());
    assertNull(a.getStalenessMs());
  }

  @Test
  void v2AnswerIsReadableByAV1Consumer() throws Exception {
    // A consumer still on v1 resolves a v2 answer by ignoring the freshness fields.
    Schema v1 = SchemaHistory.olderVersions(Answer.class).get(0);
    Answer current = Fixtures.answer();
    assertEquals(
        SchemaCompatibilityType.COMPATIBLE,
        SchemaCompatibility.checkReaderWriterCompatibility(v1, Answer.getClassSchema()).getType());
    byte[] bytes = AvroCodec.answers().encode(current);

    BinaryMessageDecoder<GenericRecord> v1Reader =
        new BinaryMessageDecoder<>(GenericData.get(), v1);
    v1Reader.addSchema(Answer.getClassSchema());
    GenericRecord read = v1Reader.decode(bytes);

    assertEquals("q-1", read.get("query_id").toString());
    assertEquals(57L, read.get("last_seq"));
    assertNull(read.getSchema().getField("staleness_ms"));
  }

  @Test
  void fieldsAddedSinceV1HaveDefaults() {
    // The evolution rule the history relies on: a field unknown to an older writer needs a default.
    for (Class<? extends SpecificRecord> type : SchemaHistory.currentTypes()) {
      Schema current = SchemaHistory.currentSchema(type);
      for (Schema old : SchemaHistory.olderVersions(type)) {
        for (Schema.Field f : current.getFields()) {
          if (old.getField(f.name()) == null) {
            assertTrue(f.hasDefaultValue(), type.getSimpleName() + "." + f.name());
          }
        }
      }
    }
  }

  @Test
  void extraWriterSchemaIsAcceptedWhenCompatible() throws Exception {
    // A producer that never sent width/height would be incompatible; one that only lacks
    // attributes and has an extra field is fine.
    Schema v1 = SchemaHistory.olderVersions(Frame.class).get(0);
    Schema withExtra =
        new Schema.Parser()
            .parse(
                v1.toString()
                    .replace(
                        "\"fields\":[", "\"fields\":[{\"name\":\"gain\",\"type\":\"float\"},"));
    AvroCodec<Frame> codec = AvroCodec.frames().withWriterSchema(withExtra);
    GenericRecord rec =
        new GenericRecordBuilder(withExtra)
            .set("gain", 1.5f)
            .set("camera_id", "c")
            .set("seq", 1L)
            .set("capture_time", 0L)
            .set(
                "format", new GenericData.EnumSymbol(withExtra.getField("format").schema(), "JPEG"))
            .set("width", 1)
            .set("height", 1)
            .set("data", ByteBuffer.allocate(0))
            .build();
    assertEquals("c", codec.decode(writeGeneric(withExtra, rec)).getCameraId());

    UndecodableRecordException e =
        assertThrows(
            UndecodableRecordException.class,
            () -> AvroCodec.frames().decode(writeGeneric(withExtra, rec)));
    assertEquals(UndecodableRecordException.Reason.UNKNOWN_SCHEMA, e.reason());
  }

  @Test
  void incompatibleWriterSchemaIsRefusedUpFront() {
    Schema noWidth =
        SchemaBuilder.record("Frame")
            .namespace("dev.streamdycoke.schemas")
            .fields()
            .requiredString("camera_id")
            .endRecord();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> AvroCodec.frames().withWriterSchema(noWidth));
    assertTrue(e.getMessage().contains("cannot read"), e.getMessage());
  }
}
