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
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class SchemaEvolutionTest {

  /** Encodes as a producer built against {@code schema} would, with no generated classes. */
  private static byte[] writeGeneric(Schema schema, GenericRecord record) throws Exception {
    return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record).array();
  }

  @Test
  void v1FrameDecodesWithAttributesNull() throws Exception {
    Schema v1 = SchemaHistory.olderVersions(Frame.class).get(0);
    assertNull(v1.getField("attributes"));
    GenericRecord old = new GenericRecordBuilder(v1)
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
    GenericRecord old = new GenericRecordBuilder(v1)
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
  void everyHistoricVersionIsReadableByTheCurrentSchemaAndDistinct() {
    for (Class<? extends SpecificRecord> type : SchemaHistory.currentTypes()) {
      Schema current = SchemaHistory.currentSchema(type);
      for (Schema old : SchemaHistory.olderVersions(type)) {
        assertEquals(SchemaCompatibilityType.COMPATIBLE,
            SchemaCompatibility.checkReaderWriterCompatibility(current, old).getType(),
            old.toString());
        assertNotEquals(AvroCodec.fingerprint(current), AvroCodec.fingerprint(old));
      }
      assertEquals(1 + SchemaHistory.olderVersions(type).size(),
          AvroCodec.of(type).acceptedWriterSchemas().size(), type.getName());
    }
    assertEquals(1, SchemaHistory.olderVersions(Frame.class).size());
    assertEquals(1, SchemaHistory.olderVersions(Query.class).size());
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
    Schema withExtra = new Schema.Parser().parse(v1.toString().replace(
        "\"fields\":[", "\"fields\":[{\"name\":\"gain\",\"type\":\"float\"},"));
    AvroCodec<Frame> codec = AvroCodec.frames().withWriterSchema(withExtra);
    GenericRecord rec = new GenericRecordBuilder(withExtra)
        .set("gain", 1.5f).set("camera_id", "c").set("seq", 1L)
        .set("capture_time", 0L)
        .set("format", new GenericData.EnumSymbol(withExtra.getField("format").schema(), "JPEG"))
        .set("width", 1).set("height", 1).set("data", ByteBuffer.allocate(0)).build();
    assertEquals("c", codec.decode(writeGeneric(withExtra, rec)).getCameraId());

    UndecodableRecordException e = assertThrows(UndecodableRecordException.class,
        () -> AvroCodec.frames().decode(writeGeneric(withExtra, rec)));
    assertEquals(UndecodableRecordException.Reason.UNKNOWN_SCHEMA, e.reason());
  }

  @Test
  void incompatibleWriterSchemaIsRefusedUpFront() {
    Schema noWidth = SchemaBuilder.record("Frame").namespace("dev.streamdycoke.schemas")
        .fields().requiredString("camera_id").endRecord();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AvroCodec.frames().withWriterSchema(noWidth));
    assertTrue(e.getMessage().contains("cannot read"), e.getMessage());
  }
}
