package dev.streamdycoke.schemas.registry;

import java.nio.ByteBuffer;

/**
 * Confluent's wire format, which Confluent's and Apicurio's serializers write: a zero magic byte,
 * the writer schema's registry id as a 4-byte big-endian int, then the Avro binary body.
 *
 * <p>It cannot be mistaken for Avro single-object encoding, whose first byte is {@code 0xC3}.
 */
public final class ConfluentWireFormat {

  /** The first byte of every message. */
  public static final byte MAGIC = 0;

  /** Magic byte plus schema id. */
  public static final int HEADER_SIZE = 5;

  private ConfluentWireFormat() {}

  /** Whether {@code message} starts with the magic byte (it may still be too short). */
  public static boolean isConfluent(byte[] message) {
    return message != null && message.length > 0 && message[0] == MAGIC;
  }

  /** The schema id of a message at least {@link #HEADER_SIZE} bytes long that starts with MAGIC. */
  public static int schemaId(byte[] message) {
    return ByteBuffer.wrap(message, 1, 4).getInt();
  }

  /** Header for {@code schemaId} followed by {@code body[from..]}. */
  public static byte[] write(int schemaId, byte[] body, int from) {
    ByteBuffer out = ByteBuffer.allocate(HEADER_SIZE + body.length - from);
    out.put(MAGIC).putInt(schemaId).put(body, from, body.length - from);
    return out.array();
  }
}
