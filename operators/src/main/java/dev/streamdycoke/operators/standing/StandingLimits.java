package dev.streamdycoke.operators.standing;

import java.io.Serializable;

/**
 * Bounds on standing questions: they cost model time on every frame, so how many there are and how
 * often they run is bounded here.
 *
 * @param maxPerCamera standing questions active on one camera; more are REJECTED for that camera
 * @param maxPerJob standing questions registered in the job; more are REJECTED
 * @param evaluationsPerSecond evaluations one answer subtask runs per second; an evaluation over
 *     this budget is deferred to the camera's next frame and counted, the frame itself is kept
 * @param maxEveryFrames largest accepted every_frames
 * @param maxIntervalMs largest accepted min_interval_ms
 * @param maxHold largest accepted hold
 */
public record StandingLimits(
    int maxPerCamera,
    int maxPerJob,
    double evaluationsPerSecond,
    int maxEveryFrames,
    long maxIntervalMs,
    int maxHold)
    implements Serializable {

  public static final int DEFAULT_MAX_PER_CAMERA = 64;
  public static final int DEFAULT_MAX_PER_JOB = 10_000;
  public static final double DEFAULT_EVALUATIONS_PER_SECOND = 200;

  public StandingLimits {
    if (maxPerCamera < 1
        || maxPerJob < 1
        || !(evaluationsPerSecond > 0)
        || maxEveryFrames < 1
        || maxIntervalMs < 1
        || maxHold < 1) {
      throw new IllegalArgumentException(
          "invalid standing limits: "
              + maxPerCamera
              + " per camera, "
              + maxPerJob
              + " per job, "
              + evaluationsPerSecond
              + " evaluations/s, every_frames <= "
              + maxEveryFrames
              + ", min_interval_ms <= "
              + maxIntervalMs
              + ", hold <= "
              + maxHold);
    }
  }

  /**
   * 64 per camera, 10,000 per job, 200 evaluations/s per subtask, every_frames up to 100,000,
   * intervals up to a day, hold up to 100.
   */
  public static StandingLimits defaults() {
    return new StandingLimits(
        DEFAULT_MAX_PER_CAMERA,
        DEFAULT_MAX_PER_JOB,
        DEFAULT_EVALUATIONS_PER_SECOND,
        100_000,
        86_400_000L,
        100);
  }

  public StandingLimits withMaxPerCamera(int n) {
    return new StandingLimits(
        n, maxPerJob, evaluationsPerSecond, maxEveryFrames, maxIntervalMs, maxHold);
  }

  public StandingLimits withMaxPerJob(int n) {
    return new StandingLimits(
        maxPerCamera, n, evaluationsPerSecond, maxEveryFrames, maxIntervalMs, maxHold);
  }

  public StandingLimits withEvaluationsPerSecond(double rate) {
    return new StandingLimits(
        maxPerCamera, maxPerJob, rate, maxEveryFrames, maxIntervalMs, maxHold);
  }
}
