package dev.streamdycoke.schemas;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;

/** Builds {@link DeadLetter} records with the truncation their schema documents. */
public final class DeadLetters {

  /**
   * Most bytes of the original value kept in {@link DeadLetter#getRaw()}: enough to see what a
   * message was, small enough that a dead letter for a raw 1.3 MB RGB24 frame still fits Kafka's
   * default 1 MiB message limit.
   */
  public static final int MAX_RAW_BYTES = 64 * 1024;

  private DeadLetters() {}

  /**
   * A dead letter for a value that failed to decode.
   *
   * @param raw the record value as received; null (a tombstone) is recorded as empty
   * @param cameraId the camera, when it could be read (e.g. from the record key), else null
   */
  public static DeadLetter undecodable(
      String sourceTopic,
      int sourcePartition,
      long sourceOffset,
      UndecodableRecordException cause,
      byte[] raw,
      Instant time,
      String cameraId) {
    return of(
        sourceTopic, sourcePartition, sourceOffset, cause.deadLetterReason(), raw, time, cameraId);
  }

  /**
   * A dead letter with a free-form reason, for records that decode but cannot be used.
   *
   * @param reason {@code CATEGORY: detail}, as {@link DeadLetter#getReason()} documents
   * @param raw the record value as received; null (a tombstone) is recorded as empty
   * @param cameraId the camera, when it could be read, else null
   */
  public static DeadLetter of(
      String sourceTopic,
      int sourcePartition,
      long sourceOffset,
      String reason,
      byte[] raw,
      Instant time,
      String cameraId) {
    byte[] value = raw == null ? new byte[0] : raw;
    byte[] kept = value.length <= MAX_RAW_BYTES ? value : Arrays.copyOf(value, MAX_RAW_BYTES);
    return DeadLetter.newBuilder()
        .setSourceTopic(sourceTopic)
        .setSourcePartition(sourcePartition)
        .setSourceOffset(sourceOffset)
        .setReason(reason)
        .setRaw(ByteBuffer.wrap(kept))
        .setRawSize(value.length)
        .setTime(time)
        .setCameraId(cameraId)
        .build();
  }
}
