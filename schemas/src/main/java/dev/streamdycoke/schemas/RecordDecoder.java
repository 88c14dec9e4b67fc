package dev.streamdycoke.schemas;

import java.io.Serializable;

/**
 * Turns a Kafka record value into a record of the current schema, or says precisely why it cannot.
 * Serializable so that a Flink operator can carry the one it was configured with.
 *
 * @param <T> the generated record class
 */
public interface RecordDecoder<T> extends Serializable {

  /**
   * @param message the whole record value; may be null (a tombstone)
   * @throws UndecodableRecordException for anything that makes the message unusable, with a reason
   *     fit for {@link DeadLetter#getReason()}
   */
  T decode(byte[] message) throws UndecodableRecordException;
}
