package dev.streamdycoke.schemas;

import dev.streamdycoke.schemas.UndecodableRecordException.Reason;
import dev.streamdycoke.schemas.registry.ConfluentWireFormat;
import dev.streamdycoke.schemas.registry.RegistryConfig;
import dev.streamdycoke.schemas.registry.RegistryUnavailableException;
import dev.streamdycoke.schemas.registry.SchemaLookup;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads one contract type in both encodings a topic may carry once a schema registry is in use:
 * Confluent's wire format (the writer schema looked up by id in the registry) and Avro
 * single-object encoding (through {@link AvroCodec}, as without a registry). Writes Confluent's
 * wire format, registering the current schema under the subject it is given.
 *
 * <p>A registry schema is resolved to the current class as Avro schema resolution allows, just as
 * {@link AvroCodec} resolves the versions in {@link SchemaHistory}: a producer on a newer,
 * compatible schema keeps working without a job release. The body is checked against the writer
 * schema first ({@link BodyCheck}).
 *
 * <p>Serializable: only the type and the {@link RegistryConfig} travel; the lookup and its cache
 * are rebuilt, empty, where the codec is used.
 *
 * @param <T> the generated record class
 */
public final class RegistryCodec<T extends SpecificRecord> implements RecordDecoder<T> {

  private static final long serialVersionUID = 1L;

  private final AvroCodec<T> singleObject;
  private final RegistryConfig config;

  private transient SchemaLookup lookup;

  /** Per writer id: a reader resolving it to the current schema, or why there can be none. */
  private transient Map<Integer, Resolution<T>> resolutions;

  private RegistryCodec(AvroCodec<T> singleObject, RegistryConfig config) {
    this.singleObject = Objects.requireNonNull(singleObject, "singleObject");
    this.config = Objects.requireNonNull(config, "config");
  }

  /** A codec for {@code type} against the registry {@code config} names. */
  public static <T extends SpecificRecord> RegistryCodec<T> of(
      Class<T> type, RegistryConfig config) {
    return new RegistryCodec<>(AvroCodec.of(type), config);
  }

  /**
   * The single-object decoder for {@code type} without a registry, else a registry codec: what a
   * job or client reading {@code type} uses.
   *
   * @param config the registry, or null for none
   */
  public static <T extends SpecificRecord> RecordDecoder<T> decoder(
      Class<T> type, RegistryConfig config) {
    return config == null ? AvroCodec.of(type) : of(type, config);
  }

  /** The current schema: what {@link #encode} registers and {@link #decode} resolves to. */
  public Schema schema() {
    return singleObject.schema();
  }

  /** The registry this codec talks to. */
  public RegistryConfig config() {
    return config;
  }

  /** The lookup with its cache, created on first use. */
  public synchronized SchemaLookup lookup() {
    if (lookup == null) {
      lookup = new SchemaLookup(config);
      resolutions = new ConcurrentHashMap<>();
    }
    return lookup;
  }

  /**
   * Reads a Confluent wire-format or a single-object message.
   *
   * @throws UndecodableRecordException as {@link AvroCodec#decode}, and UNKNOWN_SCHEMA_ID or
   *     INCOMPATIBLE_SCHEMA for a registry id the registry does not know or whose schema does not
   *     resolve to the current one
   * @throws RegistryUnavailableException when the registry cannot be asked; not the record's fault
   */
  @Override
  public T decode(byte[] message) throws UndecodableRecordException {
    if (!ConfluentWireFormat.isConfluent(message)) {
      try {
        return singleObject.decode(message);
      } catch (UndecodableRecordException e) {
        if (e.reason() == Reason.NOT_AVRO && message != null && message.length > 0) {
          throw new UndecodableRecordException(
              Reason.NOT_AVRO,
              e.detail() + ", nor Confluent's magic byte 0x00 (a schema registry is configured)");
        }
        throw e;
      }
    }
    if (message.length < ConfluentWireFormat.HEADER_SIZE) {
      throw new UndecodableRecordException(
          Reason.TRUNCATED,
          "message of "
              + message.length
              + " bytes ends inside the "
              + ConfluentWireFormat.HEADER_SIZE
              + "-byte Confluent header");
    }
    int id = ConfluentWireFormat.schemaId(message);
    Schema writer = lookup().writerSchema(id);
    Resolution<T> resolution = resolutions.computeIfAbsent(id, i -> resolve(i, writer));
    if (resolution.reader == null) {
      throw new UndecodableRecordException(Reason.INCOMPATIBLE_SCHEMA, resolution.problem);
    }
    BodyCheck.check(writer, message, ConfluentWireFormat.HEADER_SIZE);
    try {
      return resolution.reader.read(
          null,
          DecoderFactory.get()
              .binaryDecoder(
                  message,
                  ConfluentWireFormat.HEADER_SIZE,
                  message.length - ConfluentWireFormat.HEADER_SIZE,
                  null));
    } catch (IOException | RuntimeException e) {
      throw new UndecodableRecordException(
          Reason.MALFORMED,
          "cannot read " + singleObject.schema().getFullName() + " from schema id " + id + ": " + e,
          e);
    }
  }

  /**
   * {@code record} in Confluent's wire format, its schema registered under {@code subject} (once;
   * the id is cached).
   */
  public byte[] encode(T record, String subject) {
    return toConfluent(singleObject.encode(record), subject);
  }

  /**
   * Re-frames a single-object message of the current schema (what {@link AvroCodec#encode} wrote)
   * as Confluent's wire format: both carry the same Avro body, so only the header changes.
   *
   * @throws IllegalArgumentException if the message is not single-object encoding of the current
   *     schema
   */
  public byte[] toConfluent(byte[] singleObjectMessage, String subject) {
    Schema schema = singleObject.schema();
    long expected = AvroCodec.fingerprint(schema);
    if (singleObjectMessage.length < AvroCodec.HEADER_SIZE
        || singleObjectMessage[0] != (byte) 0xC3
        || singleObjectMessage[1] != 0x01
        || fingerprintOf(singleObjectMessage) != expected) {
      throw new IllegalArgumentException(
          "not a single-object message of the current " + schema.getFullName());
    }
    int id = lookup().register(subject, schema);
    return ConfluentWireFormat.write(id, singleObjectMessage, AvroCodec.HEADER_SIZE);
  }

  private Resolution<T> resolve(int id, Schema writer) {
    Schema reader = singleObject.schema();
    SchemaCompatibility.SchemaPairCompatibility result =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
      return new Resolution<>(
          null,
          "schema id "
              + id
              + " ("
              + writer.getFullName()
              + ") cannot be read as "
              + reader.getFullName()
              + (writer.getFullName().equals(reader.getFullName()) ? "" : " (wrong topic?)")
              + ": "
              + result.getDescription());
    }
    SpecificData model = SpecificData.getForClass(singleObject.type());
    return new Resolution<>(new SpecificDatumReader<>(writer, reader, model), null);
  }

  private static long fingerprintOf(byte[] message) {
    long fp = 0;
    for (int i = 9; i >= 2; i--) {
      fp = (fp << 8) | (message[i] & 0xffL);
    }
    return fp;
  }

  private record Resolution<T>(SpecificDatumReader<T> reader, String problem) {}

  @Override
  public String toString() {
    return "RegistryCodec[" + singleObject.schema().getFullName() + ", " + config + "]";
  }
}
