package dev.streamdycoke.operators.answer;

import dev.streamdycoke.model.session.SessionAnswer;
import dev.streamdycoke.operators.records.Answers;
import dev.streamdycoke.operators.records.CameraQuery;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import dev.streamdycoke.schemas.AnswerTimings;
import java.time.Duration;
import java.time.Instant;

/** Builds the Avro Answers the answer operator emits. */
final class AnswerRecords {
  private AnswerRecords() {}

  /** What the camera's context held when the answer was made. */
  record Coverage(long answeredAtSeq, long firstSeq, long lastSeq, double retainedRatio) {
    static final Coverage NONE = new Coverage(-1, -1, -1, 0);
  }

  static Answer ok(
      CameraQuery query, SessionAnswer result, Coverage coverage, long now, double queueMs) {
    double prefill = result.timings().pendingPrefillMs() + result.timings().prefillMs();
    return base(query, AnswerStatus.OK, null, coverage, now)
        .setAnswer(result.text())
        .setVisualTokens(result.visualTokens())
        .setTokensAttended((int) Math.round(result.tokensAttended()))
        .setTimings(
            new AnswerTimings(
                queueMs, prefill, result.timings().firstTokenMs(), result.timings().decodeMs()))
        .build();
  }

  static Answer failed(
      CameraQuery query,
      AnswerStatus status,
      String error,
      Coverage coverage,
      long now,
      double queueMs) {
    return Answer.newBuilder(Answers.error(query, status, error, now))
        .setAnsweredAtSeq(coverage.answeredAtSeq())
        .setFirstSeq(coverage.firstSeq())
        .setLastSeq(coverage.lastSeq())
        .setRetainedRatio(coverage.retainedRatio())
        .setTimings(new AnswerTimings(queueMs, 0.0, 0.0, 0.0))
        .build();
  }

  /**
   * NO_FRAMES for a camera whose state was cleared at {@code retiredAt} after {@code idleMillis}
   * without a frame.
   */
  static Answer retired(CameraQuery query, long retiredAt, long idleMillis, long now) {
    String why =
        "camera "
            + query.cameraId
            + " was retired at "
            + Instant.ofEpochMilli(retiredAt)
            + " after no frame for "
            + Duration.ofMillis(idleMillis)
            + "; its next frame starts a fresh context";
    return failed(
        query,
        AnswerStatus.NO_FRAMES,
        why,
        Coverage.NONE,
        now,
        Math.max(0, now - query.receivedAt));
  }

  private static Answer.Builder base(
      CameraQuery query, AnswerStatus status, String error, Coverage coverage, long now) {
    return Answer.newBuilder()
        .setQueryId(query.queryId)
        .setCameraId(query.cameraId)
        .setQuestion(query.question)
        .setAnswer("")
        .setStatus(status)
        .setError(error)
        .setAnsweredAt(Instant.ofEpochMilli(now))
        .setAnsweredAtSeq(coverage.answeredAtSeq())
        .setFirstSeq(coverage.firstSeq())
        .setLastSeq(coverage.lastSeq())
        .setVisualTokens(0)
        .setTokensAttended(0)
        .setRetainedRatio(coverage.retainedRatio());
  }
}
