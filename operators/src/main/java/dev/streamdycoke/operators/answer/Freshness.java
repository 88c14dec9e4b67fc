package dev.streamdycoke.operators.answer;

import dev.streamdycoke.schemas.Answer;
import java.time.Instant;

/** Stamps an answer with how old the scene it describes is (Answer v2's freshness fields). */
public final class Freshness {
  private Freshness() {}

  /**
   * The answer with newest_capture_time and staleness_ms set from {@code newest}, and
   * answered_at_seq raised to it: a skipped frame was seen, the scene then was the one in context.
   * Unchanged when the camera has sent no frame.
   */
  public static Answer stamp(Answer answer, NewestFrame newest) {
    if (newest == null) {
      return answer;
    }
    long answeredAt = answer.getAnsweredAt().toEpochMilli();
    return Answer.newBuilder(answer)
        .setAnsweredAtSeq(Math.max(answer.getAnsweredAtSeq(), newest.seq))
        .setNewestCaptureTime(Instant.ofEpochMilli(newest.captureTime))
        .setStalenessMs(answeredAt - newest.captureTime)
        .build();
  }
}
