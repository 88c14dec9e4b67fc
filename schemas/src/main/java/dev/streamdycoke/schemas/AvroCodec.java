package dev.streamdycoke.schemas;

import dev.streamdycoke.schemas.UndecodableRecordException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes one contract type as Avro single-object encoding: the marker {@code C3 01},
 * the 8-byte little-endian CRC-64-AVRO fingerprint of the writer schema's parsing canonical form,
 * then the binary body.
 *
 * <p>The fingerprint lets a producer on an older schema keep working without a schema registry: the
 * decoder knows every older version listed in {@link SchemaHistory} and resolves the body from that
 * writer schema to the current class, filling defaults for fields added since. Messages from a
 * <em>newer</em> writer are rejected as {@link Reason#UNKNOWN_SCHEMA}; ship the new schema in the
 * job before upgrading producers.
 *
 * <p>Instances are immutable, thread-safe and {@link Serializable} (only the type and any extra
 * writer schemas are serialized; Avro's encoder and decoder are rebuilt on the other side), so they
 * can sit inside Flink (de)serialization schemas.
 *
 * @param <T> the generated record class
 */
public final class AvroCodec<T extends SpecificRecord> implements RecordDecoder<T> {

  private static final long serialVersionUID = 1L;

  /** Single-object encoding marker plus fingerprint. */
  public static final int HEADER_SIZE = 10;

  private static final byte MARKER_0 = (byte) 0xC3;
  private static final byte MARKER_1 = (byte) 0x01;

  private final Class<T> type;

  /**
   * Writer schemas beyond {@link SchemaHistory}, as JSON so serialization does not depend on
   * Avro's.
   */
  private final List<String> extraWriterSchemas;

  private final transient Schema schema;
  private final transient BinaryMessageEncoder<T> encoder;
  private final transient BinaryMessageDecoder<T> decoder;

  /** Fingerprint to writer schema for everything the decoder accepts, current first. */
  private final transient Map<Long, Schema> writers;

  private AvroCodec(Class<T> type, List<String> extraWriterSchemas) {
    this.type = type;
    this.extraWriterSchemas = List.copyOf(extraWriterSchemas);
    this.schema = SchemaHistory.currentSchema(type);
    // The class's own model carries the conversions for its logical types (Instant fields).
    SpecificData model = SpecificData.getForClass(type);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema);

    Map<Long, Schema> accepted = new LinkedHashMap<>();
    accepted.put(fingerprint(schema), schema);
    List<Schema> older = new ArrayList<>(SchemaHistory.olderVersions(type));
    for (String json : this.extraWriterSchemas) {
      older.add(new Schema.Parser().parse(json));
    }
    for (Schema writer : older) {
      requireReadable(writer);
      decoder.addSchema(writer);
      accepted.putIfAbsent(fingerprint(writer), writer);
    }
    this.writers = Collections.unmodifiableMap(accepted);
  }

  /**
   * A codec for {@code type} accepting its current schema and every version in {@link
   * SchemaHistory}.
   */
  public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
    return new AvroCodec<>(type, List.of());
  }

  /** Codec for {@link Frame}. */
  public static AvroCodec<Frame> frames() {
    return of(Frame.class);
  }

  /** Codec for {@link Query}. */
  public static AvroCodec<Query> queries() {
    return of(Query.class);
  }

  /** Codec for {@link Answer}. */
  public static AvroCodec<Answer> answers() {
    return of(Answer.class);
  }

  /** Codec for {@link DeadLetter}. */
  public static AvroCodec<DeadLetter> deadLetters() {
    return of(DeadLetter.class);
  }

  /**
   * A codec that additionally accepts messages written with {@code writer}, for a producer version
   * not (yet) recorded in {@link SchemaHistory}.
   *
   * @throws IllegalArgumentException if the current schema cannot read data written with {@code
   *     writer}; failing here, at job start, beats dead-lettering every message later
   */
  public AvroCodec<T> withWriterSchema(Schema writer) {
    requireReadable(writer);
    List<String> extras = new ArrayList<>(extraWriterSchemas);
    extras.add(writer.toString());
    return new AvroCodec<>(type, extras);
  }

  /** The generated class this codec produces. */
  public Class<T> type() {
    return type;
  }

  /** The current schema: what {@link #encode} writes and what {@link #decode} resolves to. */
  public Schema schema() {
    return schema;
  }

  /** Every writer schema {@link #decode} accepts, keyed by fingerprint, the current one first. */
  public Map<Long, Schema> acceptedWriterSchemas() {
    return writers;
  }

  /** CRC-64-AVRO fingerprint of the schema's parsing canonical form, as the header carries it. */
  public static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  /**
   * Writes {@code record} as a single-object message with the current schema.
   *
   * @throws IllegalArgumentException if the record does not fit its schema (e.g. a required field
   *     left null); that is a bug in the producing code, not bad input
   */
  public byte[] encode(T record) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try {
      encoder.encode(record, out);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot encode "
              + type.getSimpleName()
              + " with schema "
              + schema.getFullName()
              + ": "
              + e,
          e);
    }
    return out.toByteArray();
  }

  /**
   * Reads a single-object message written with the current schema or any accepted older one.
   *
   * @param message the whole message, e.g. a Kafka record value; may be null (a tombstone)
   * @return a new record of the current schema, with defaults for fields the writer lacked
   * @throws UndecodableRecordException NOT_AVRO, TRUNCATED, UNKNOWN_SCHEMA or MALFORMED, with a
   *     reason fit for {@link DeadLetter#getReason()}; never an unchecked Avro or JDK exception
   */
  @Override
  public T decode(byte[] message) throws UndecodableRecordException {
    Schema writer = writerOf(message);
    // Check the body against the writer schema first: see BodyCheck for why.
    BodyCheck.check(writer, message, HEADER_SIZE);
    try {
      return decoder.decode(message);
    } catch (IOException | RuntimeException e) {
      // Only reachable for data that is well-formed but not convertible, e.g. a timestamp
      // outside Instant's range.
      throw new UndecodableRecordException(
          Reason.MALFORMED, "cannot read " + schema.getFullName() + ": " + rootMessage(e), e);
    }
  }

  private Schema writerOf(byte[] message) throws UndecodableRecordException {
    if (message == null || message.length == 0) {
      throw new UndecodableRecordException(
          Reason.NOT_AVRO, message == null ? "null message (tombstone?)" : "empty message");
    }
    if (message[0] != MARKER_0 || (message.length > 1 && message[1] != MARKER_1)) {
      throw new UndecodableRecordException(
          Reason.NOT_AVRO,
          String.format(
              "expected single-object marker 0xC3 0x01, found %s", hexPrefix(message, 2)));
    }
    if (message.length < HEADER_SIZE) {
      throw new UndecodableRecordException(
          Reason.TRUNCATED,
          "message of "
              + message.length
              + " bytes ends inside the "
              + HEADER_SIZE
              + "-byte single-object header");
    }
    long fp = 0;
    for (int i = 9; i >= 2; i--) {
      fp = (fp << 8) | (message[i] & 0xffL);
    }
    Schema writer = writers.get(fp);
    if (writer == null) {
      String known =
          SchemaHistory.identify(fp)
              .map(name -> " (it is " + name + ": wrong topic?)")
              .orElse(" (a newer producer schema, or not one of ours)");
      throw new UndecodableRecordException(
          Reason.UNKNOWN_SCHEMA,
          String.format(
              "fingerprint %016x is not an accepted version of %s%s; accepted: %s",
              fp,
              schema.getFullName(),
              known,
              writers.keySet().stream()
                  .map(f -> String.format("%016x", f))
                  .collect(Collectors.joining(", "))));
    }
    return writer;
  }

  private void requireReadable(Schema writer) {
    SchemaCompatibility.SchemaPairCompatibility result =
        SchemaCompatibility.checkReaderWriterCompatibility(schema, writer);
    if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
      throw new IllegalArgumentException(
          "current "
              + schema.getFullName()
              + " cannot read data written with "
              + writer.getFullName()
              + String.format(" (fingerprint %016x)", fingerprint(writer))
              + ": "
              + result.getDescription());
    }
  }

  private static String hexPrefix(byte[] b, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(n, b.length); i++) {
      sb.append(i == 0 ? "" : " ").append(String.format("0x%02X", b[i]));
    }
    return sb.toString();
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == t ? String.valueOf(t) : t.getMessage() + " (" + root + ")";
  }

  /** Rebuilds the transient Avro machinery after Java deserialization (e.g. in a Flink task). */
  private Object readResolve() throws ObjectStreamException {
    return new AvroCodec<>(type, extraWriterSchemas);
  }

  @Override
  public String toString() {
    return "AvroCodec["
        + schema.getFullName()
        + ", "
        + writers.size()
        + " accepted writer schema(s)]";
  }
}
