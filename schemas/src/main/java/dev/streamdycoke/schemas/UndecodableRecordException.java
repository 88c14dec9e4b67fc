package dev.streamdycoke.schemas;

import java.util.Objects;

/**
 * A message that cannot be turned into a record of the expected type.
 *
 * <p>Checked on purpose: a bad input record is an expected event in a stream, and the caller must
 * decide to dead-letter it rather than let it fail (and endlessly restart) the job. {@link
 * #deadLetterReason()} is meant to go straight into {@link DeadLetter#getReason()}.
 */
public final class UndecodableRecordException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why a message could not be decoded; the first word of {@link #deadLetterReason()}. */
  public enum Reason {
    /**
     * Null, empty, or not starting with the Avro single-object marker {@code C3 01} (nor, with a
     * schema registry, with Confluent's magic byte {@code 00}).
     */
    NOT_AVRO,
    /** The message ends before the header or the record body is complete. */
    TRUNCATED,
    /** The schema fingerprint names no schema this decoder accepts. */
    UNKNOWN_SCHEMA,
    /** Header and schema are fine but the body does not follow the writer schema. */
    MALFORMED,
    /**
     * A Confluent wire-format message whose schema id the schema registry does not know (written
     * against another registry, or its schema was deleted).
     */
    UNKNOWN_SCHEMA_ID,
    /**
     * A Confluent wire-format message whose writer schema, as the registry gives it, cannot be
     * resolved to the job's reader schema (another type, or an incompatible change).
     */
    INCOMPATIBLE_SCHEMA
  }

  private final Reason reason;
  private final String detail;

  /**
   * @param reason category of the failure
   * @param detail human-readable specifics (what was expected, what was found)
   */
  public UndecodableRecordException(Reason reason, String detail) {
    this(reason, detail, null);
  }

  /**
   * @param reason category of the failure
   * @param detail human-readable specifics (what was expected, what was found)
   * @param cause the underlying Avro or JDK exception, if any
   */
  public UndecodableRecordException(Reason reason, String detail, Throwable cause) {
    super(Objects.requireNonNull(reason, "reason") + ": " + detail, cause);
    this.reason = reason;
    this.detail = detail;
  }

  /** The failure category, for metrics and routing. */
  public Reason reason() {
    return reason;
  }

  /** The specifics without the category prefix. */
  public String detail() {
    return detail;
  }

  /** {@code CATEGORY: detail}, the format {@link DeadLetter} documents for its reason field. */
  public String deadLetterReason() {
    return getMessage();
  }
}
