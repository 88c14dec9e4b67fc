package dev.streamdycoke.operators.decode;

import dev.streamdycoke.schemas.UndecodableRecordException;
import java.util.Objects;

/**
 * A frame record the job cannot use. Checked, like {@link UndecodableRecordException}, because a
 * bad record is an expected event in a stream that the caller must dead-letter rather than let fail
 * (and endlessly restart) the job.
 */
public final class InvalidFrameException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why a frame was rejected; the first word of {@link #deadLetterReason()}. */
  public enum Category {
    /** The record value is null (a tombstone). */
    NULL_VALUE,
    /** The record, the declared or actual image, or the camera id is over {@link FrameLimits}. */
    TOO_LARGE,
    /** Not an Avro single-object message (see {@link UndecodableRecordException.Reason}). */
    NOT_AVRO,
    /** The Avro message ends early. */
    TRUNCATED,
    /** The Avro fingerprint names no Frame schema the job accepts. */
    UNKNOWN_SCHEMA,
    /** The Avro body does not follow its writer schema. */
    MALFORMED,
    /** camera_id is empty or blank, so the frame cannot be keyed. */
    EMPTY_CAMERA_ID,
    /**
     * Width or height below 1, declared dimensions that differ from the image's own, or RGB24 data
     * whose length is not width * height * 3.
     */
    BAD_DIMENSIONS,
    /** The data is a recognisable image file of another format than the format field says. */
    FORMAT_MISMATCH,
    /** The image data cannot be decoded completely (not an image, truncated, unsupported). */
    CORRUPT_IMAGE,
    /** A Confluent wire-format record whose schema id the schema registry does not know. */
    UNKNOWN_SCHEMA_ID,
    /** A Confluent wire-format record whose registry schema does not resolve to Frame. */
    INCOMPATIBLE_SCHEMA;

    /** The category of an Avro decoding failure; the names are the same on purpose. */
    public static Category of(UndecodableRecordException.Reason reason) {
      return valueOf(reason.name());
    }
  }

  private final Category category;
  private final String detail;
  private final String cameraId;

  /**
   * @param category what kind of failure
   * @param detail human-readable specifics (what was expected, what was found)
   * @param cameraId the frame's camera when the Avro body was readable, else null
   * @param cause the underlying decoder exception, if any
   */
  public InvalidFrameException(Category category, String detail, String cameraId, Throwable cause) {
    super(Objects.requireNonNull(category, "category") + ": " + detail, cause);
    this.category = category;
    this.detail = detail;
    this.cameraId = cameraId;
  }

  /** A failure without a camera id or cause. */
  public InvalidFrameException(Category category, String detail) {
    this(category, detail, null, null);
  }

  /** Wraps an Avro decoding failure, keeping its category and detail. */
  public static InvalidFrameException of(UndecodableRecordException e) {
    return new InvalidFrameException(Category.of(e.reason()), e.detail(), null, e);
  }

  /** The failure category, for metrics and routing. */
  public Category category() {
    return category;
  }

  /** The specifics without the category prefix. */
  public String detail() {
    return detail;
  }

  /** The camera_id read from the frame, or null when decoding failed before it was known. */
  public String cameraId() {
    return cameraId;
  }

  /** {@code CATEGORY: detail}, the format {@code DeadLetter.reason} documents. */
  public String deadLetterReason() {
    return getMessage();
  }
}
