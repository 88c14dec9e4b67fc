package dev.streamdycoke.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.schemas.UndecodableRecordException.Reason;
import dev.streamdycoke.schemas.registry.ConfluentWireFormat;
import dev.streamdycoke.schemas.registry.RegistryConfig;
import dev.streamdycoke.schemas.registry.RegistryUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegistryCodecTest {

  private FakeRegistry registry;
  private RegistryConfig config;

  @BeforeEach
  void start() throws Exception {
    registry = new FakeRegistry(null);
    config = RegistryConfig.of(registry.url(), Map.of(RegistryConfig.RETRY_TIMEOUT_MS, "300"));
  }

  @AfterEach
  void stop() {
    registry.close();
  }

  @Test
  void writesConfluentWireFormatAndReadsItBack() throws Exception {
    byte[] message = RegistryCodec.of(Frame.class, config).encode(Fixtures.frame(), "frames-value");

    assertEquals(ConfluentWireFormat.MAGIC, message[0]);
    assertEquals(1, ConfluentWireFormat.schemaId(message));
    assertEquals(1, registry.requests("POST /api/subjects/frames-value/versions"));
    assertEquals(Fixtures.frame(), RegistryCodec.of(Frame.class, config).decode(message));
  }

  @Test
  void stillReadsSingleObjectMessagesOnTheSameTopic() throws Exception {
    byte[] singleObject = AvroCodec.frames().encode(Fixtures.frame());

    assertEquals(Fixtures.frame(), RegistryCodec.of(Frame.class, config).decode(singleObject));
    assertEquals(0, registry.requests("GET"));
  }

  @Test
  void looksEachIdUpOnceHoweverManyRecordsCarryIt() throws Exception {
    byte[] message = RegistryCodec.of(Frame.class, config).encode(Fixtures.frame(), "frames-value");
    RegistryCodec<Frame> reader = RegistryCodec.of(Frame.class, config);

    for (int i = 0; i < 1000; i++) {
      reader.decode(message);
    }

    assertEquals(1, registry.requests("GET /api/schemas/ids/1"));
    assertEquals(1, reader.lookup().requests());
  }

  @Test
  void anUnknownIdIsAClearDeadLetterAndIsNotAskedForAgainAtOnce() {
    byte[] message = ConfluentWireFormat.write(77, new byte[] {0, 0, 0}, 0);
    RegistryCodec<Frame> reader = RegistryCodec.of(Frame.class, config);

    for (int i = 0; i < 3; i++) {
      UndecodableRecordException e =
          assertThrows(UndecodableRecordException.class, () -> reader.decode(message));
      assertEquals(Reason.UNKNOWN_SCHEMA_ID, e.reason());
      assertTrue(e.deadLetterReason().startsWith("UNKNOWN_SCHEMA_ID: "), e.deadLetterReason());
      assertTrue(e.detail().contains("77"), e.detail());
    }
    assertEquals(1, registry.requests("GET /api/schemas/ids/77"));
  }

  @Test
  void aSchemaThatCannotResolveToTheReaderIsIncompatible() throws Exception {
    Schema wrong =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"Frame\",\"namespace\":\"dev.streamdycoke.schemas\","
                    + "\"fields\":[{\"name\":\"camera_id\",\"type\":\"int\"}]}");
    int id = registry.add(wrong.toString());
    byte[] message =
        ConfluentWireFormat.write(
            id, binary(wrong, new GenericRecordBuilder(wrong).set("camera_id", 7).build()), 0);

    UndecodableRecordException e =
        assertThrows(
            UndecodableRecordException.class,
            () -> RegistryCodec.of(Frame.class, config).decode(message));

    assertEquals(Reason.INCOMPATIBLE_SCHEMA, e.reason());
    assertTrue(e.detail().contains("schema id " + id), e.detail());
  }

  @Test
  void anotherTypeIsIncompatibleAndNamedAsSuch() throws Exception {
    byte[] query = RegistryCodec.of(Query.class, config).encode(Fixtures.query(), "queries-value");

    UndecodableRecordException e =
        assertThrows(
            UndecodableRecordException.class,
            () -> RegistryCodec.of(Frame.class, config).decode(query));

    assertEquals(Reason.INCOMPATIBLE_SCHEMA, e.reason());
    assertTrue(e.detail().contains("wrong topic?"), e.detail());
  }

  @Test
  void aProtobufSchemaIsIncompatibleAndAskedForOnce() {
    int id =
        registry.add("PROTOBUF", "syntax = \"proto3\"; message Frame { string camera_id = 1; }");
    byte[] message = ConfluentWireFormat.write(id, new byte[] {0x0a, 0x01, 0x41}, 0);
    RegistryCodec<Frame> reader = RegistryCodec.of(Frame.class, config);

    for (int i = 0; i < 3; i++) {
      UndecodableRecordException e =
          assertThrows(UndecodableRecordException.class, () -> reader.decode(message));
      assertEquals(Reason.INCOMPATIBLE_SCHEMA, e.reason());
      assertTrue(e.detail().contains("PROTOBUF"), e.detail());
    }
    assertEquals(1, registry.requests("GET /api/schemas/ids/" + id));
  }

  @Test
  void readsARecordOfTheOldFrameV1SchemaFromTheRegistry() throws Exception {
    Schema v1 = SchemaHistory.olderVersions(Frame.class).get(0);
    int id = registry.add(v1.toString());
    GenericRecord old =
        new GenericRecordBuilder(v1)
            .set("camera_id", "cam-old")
            .set("seq", 3L)
            .set("capture_time", Fixtures.T0.toEpochMilli())
            .set("format", new GenericData.EnumSymbol(v1.getField("format").schema(), "RGB24"))
            .set("width", 1)
            .set("height", 1)
            .set("data", ByteBuffer.wrap(new byte[3]))
            .build();

    Frame frame =
        RegistryCodec.of(Frame.class, config)
            .decode(ConfluentWireFormat.write(id, binary(v1, old), 0));

    assertEquals("cam-old", frame.getCameraId());
    assertEquals(Fixtures.T0, frame.getCaptureTime());
    assertNull(frame.getAttributes());
  }

  @Test
  void aTruncatedBodyIsTruncatedNotACrash() throws Exception {
    byte[] message = RegistryCodec.of(Frame.class, config).encode(Fixtures.frame(), "frames-value");
    byte[] cut = java.util.Arrays.copyOf(message, message.length - 4);

    UndecodableRecordException e =
        assertThrows(
            UndecodableRecordException.class,
            () -> RegistryCodec.of(Frame.class, config).decode(cut));
    assertEquals(Reason.TRUNCATED, e.reason());
    assertEquals(
        Reason.TRUNCATED,
        assertThrows(
                UndecodableRecordException.class,
                () -> RegistryCodec.of(Frame.class, config).decode(new byte[] {0, 0, 1}))
            .reason());
  }

  @Test
  void anUnreachableRegistryIsNotTheRecordsFault() throws Exception {
    byte[] message = RegistryCodec.of(Frame.class, config).encode(Fixtures.frame(), "frames-value");
    registry.close();

    RegistryUnavailableException e =
        assertThrows(
            RegistryUnavailableException.class,
            () -> RegistryCodec.of(Frame.class, config).decode(message));

    assertTrue(e.getMessage().startsWith("gave up after "), e.getMessage());
  }

  @Test
  void aUrlThatIsNotTheApiRootIsUnavailableNotUnknownIds() throws Exception {
    byte[] message = RegistryCodec.of(Frame.class, config).encode(Fixtures.frame(), "frames-value");
    RegistryConfig wrongRoot =
        RegistryConfig.of(
            registry.url() + "/apis/ccompat/v7", Map.of(RegistryConfig.RETRY_TIMEOUT_MS, "0"));

    RegistryUnavailableException e =
        assertThrows(
            RegistryUnavailableException.class,
            () -> RegistryCodec.of(Frame.class, wrongRoot).decode(message));

    assertTrue(e.getMessage().contains("API root"), e.getMessage());
  }

  @Test
  void survivesJavaSerializationAsFlinkShipsIt() throws Exception {
    byte[] message = RegistryCodec.of(Frame.class, config).encode(Fixtures.frame(), "frames-value");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(RegistryCodec.of(Frame.class, config));
    }
    @SuppressWarnings("unchecked")
    RegistryCodec<Frame> copy =
        (RegistryCodec<Frame>)
            new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())).readObject();

    assertEquals(Fixtures.frame(), copy.decode(message));
  }

  @Test
  void toConfluentKeepsTheBodyAndOnlyChangesTheHeader() {
    byte[] singleObject = AvroCodec.frames().encode(Fixtures.frame());
    byte[] confluent =
        RegistryCodec.of(Frame.class, config).toConfluent(singleObject, "frames-value");

    assertArrayEquals(
        java.util.Arrays.copyOfRange(singleObject, AvroCodec.HEADER_SIZE, singleObject.length),
        java.util.Arrays.copyOfRange(confluent, ConfluentWireFormat.HEADER_SIZE, confluent.length));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            RegistryCodec.of(Frame.class, config)
                .toConfluent(AvroCodec.queries().encode(Fixtures.query()), "frames-value"));
  }

  @Test
  void garbageStillSaysNotAvroAndMentionsBothFormats() {
    UndecodableRecordException e =
        assertThrows(
            UndecodableRecordException.class,
            () -> RegistryCodec.of(Frame.class, config).decode(new byte[] {'h', 'i'}));
    assertEquals(Reason.NOT_AVRO, e.reason());
    assertTrue(e.detail().contains("Confluent"), e.detail());
    assertFalse(e.detail().isEmpty());
  }

  static byte[] binary(Schema schema, GenericRecord record) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
