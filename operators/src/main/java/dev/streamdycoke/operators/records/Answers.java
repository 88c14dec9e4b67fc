package dev.streamdycoke.operators.records;

import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import dev.streamdycoke.schemas.AnswerTimings;
import java.time.Instant;
import java.util.Objects;

/**
 * Builds {@link Answer}s that carry no model output: REJECTED, NO_FRAMES and ERROR answers, as the
 * query fan-out and the answer operator produce them.
 *
 * <p>Such an answer covers no frame, so its sequence fields are -1 and its token counts, ratio and
 * timings are zero, as the Answer schema documents for "no frame in context". A caller that knows
 * more (e.g. the newest seq seen, or real queue time) sets it on the returned record.
 */
public final class Answers {

  /** Most characters of client text (question, ids) echoed back in an error answer. */
  public static final int ECHO_CHARS = 200;

  private static final String ELLIPSIS = "\u2026";

  private Answers() {}

  /**
   * An answer with no model output for one camera's share of a query.
   *
   * @param query the query being answered; its question is echoed as is
   * @param status any status but OK
   * @param reason human-readable, goes to {@link Answer#getError()}
   * @param now job clock, milliseconds since the epoch
   */
  public static Answer error(CameraQuery query, AnswerStatus status, String reason, long now) {
    return error(query.queryId, query.cameraId, query.question, status, reason, now);
  }

  /**
   * An answer with no model output, from its parts.
   *
   * @param queryId the Kafka key of the answer; null becomes empty
   * @param cameraId the camera, or {@code "*"} for a whole query; null becomes empty
   * @param question echoed as given (truncate untrusted text with {@link #echo}); null becomes
   *     empty
   * @param status any status but OK
   * @param reason human-readable, goes to {@link Answer#getError()}
   * @param now job clock, milliseconds since the epoch
   * @throws IllegalArgumentException if status is OK: an OK answer needs model output
   */
  public static Answer error(
      String queryId,
      String cameraId,
      String question,
      AnswerStatus status,
      String reason,
      long now) {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    if (status == AnswerStatus.OK) {
      throw new IllegalArgumentException("an error answer cannot have status OK");
    }
    return Answer.newBuilder()
        .setQueryId(orEmpty(queryId))
        .setCameraId(orEmpty(cameraId))
        .setQuestion(orEmpty(question))
        .setAnswer("")
        .setStatus(status)
        .setError(reason)
        .setAnsweredAt(Instant.ofEpochMilli(now))
        .setAnsweredAtSeq(-1L)
        .setFirstSeq(-1L)
        .setLastSeq(-1L)
        .setVisualTokens(0)
        .setTokensAttended(0)
        .setRetainedRatio(0.0)
        .setTimings(
            AnswerTimings.newBuilder()
                .setQueueMs(0.0)
                .setPrefillMs(0.0)
                .setFirstTokenMs(0.0)
                .setDecodeMs(0.0)
                .build())
        .build();
  }

  /**
   * {@code text} cut to its first {@code maxChars} code points plus "…" when longer, so that a 10
   * MB question is not echoed back in full. Never splits a surrogate pair.
   */
  public static String echo(String text, int maxChars) {
    if (text == null) {
      return "";
    }
    if (text.length() <= maxChars) {
      return text;
    }
    // Walk at most maxChars code points: counting them all would scan the whole 10 MB.
    int end = 0;
    for (int i = 0; i < maxChars && end < text.length(); i++) {
      end += Character.charCount(text.codePointAt(end));
    }
    return end >= text.length() ? text : text.substring(0, end) + ELLIPSIS;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
