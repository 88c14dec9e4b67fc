package dev.streamdycoke.operators.standing;

/**
 * When a standing question is evaluated: on every N-th frame, and no sooner than T ms of capture
 * time after the last evaluation. Capture time, not the job clock, so a replay after a restore
 * picks the same frames.
 *
 * <p>Public so that the standing-alert benchmark schedules as the job does.
 */
public final class StandingSchedule {
  private StandingSchedule() {}

  /** Counts a frame and says whether the question is due on it. */
  public static boolean frameArrived(StandingQuestion q, long captureTime) {
    q.framesSinceEvaluation++;
    if (q.framesSinceEvaluation < q.rule.everyFrames) {
      return false;
    }
    return q.rule.minIntervalMs <= 0
        || q.lastEvaluatedCapture == Long.MIN_VALUE
        || captureTime - q.lastEvaluatedCapture >= q.rule.minIntervalMs;
  }

  /** Records that the question was evaluated on the frame captured at {@code captureTime}. */
  public static void evaluated(StandingQuestion q, long captureTime) {
    q.framesSinceEvaluation = 0;
    q.lastEvaluatedCapture = captureTime;
  }
}
