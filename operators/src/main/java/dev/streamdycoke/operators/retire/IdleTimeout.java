package dev.streamdycoke.operators.retire;

import java.io.Serializable;

/**
 * When a camera counts as gone: no frame for {@code timeoutMillis} of processing time. Free of
 * Flink; the keyed operators keep a {@link CameraActivity} per camera and one processing-time
 * timer, and ask this class what to do on each frame and when the timer fires.
 *
 * <p>One pending timer per camera, not one per frame: a frame only moves {@code lastSeen}, and a
 * timer that finds the camera seen since it was set re-arms for {@code lastSeen + timeout}. At 5
 * fps that is one timer an hour per camera instead of 18,000.
 *
 * <p>Why timers and not Flink's state TTL: TTL expires each state on its own and lazily (on read,
 * or when compaction or a full snapshot happens to visit it), so a gone camera's entries linger for
 * an unbounded time and disappear one by one; nothing runs when they go, so the camera's model
 * session (operator memory, not state) would never be closed, no metric could count retirements,
 * and no marker could say that and when the camera was retired.
 *
 * <p>Processing time alone is not enough: when the subtask's input stalls or lags (a long
 * checkpoint, a blocking prefill, back pressure, one Kafka partition read behind the others) for
 * longer than the timeout, a camera's timer comes due while its frames are still queued, and the
 * timer runs before them. So a camera is retired only when the subtask's input has moved on without
 * it: the subtask's watermark (the Kafka record time every one of its inputs has been read up to,
 * the minimum over partitions and channels) has passed the camera's last capture time by the
 * timeout. A maximum over the frames seen is not enough: it comes from the input that is furthest
 * ahead, while the camera's frames may wait in one that is behind. This compares the cameras'
 * clocks with the producers' (Kafka's record time), which must agree to well within the timeout.
 *
 * <p>A watermark that does not move for a whole timeout (every camera of the subtask gone, an
 * outage, a source without record times) cannot tell: the camera is then retired after twice the
 * timeout of processing time, so state stays bounded. Until then a deferred timer looks again every
 * tenth of the timeout: a few timers per camera, only while the input lags.
 *
 * @param timeoutMillis the idle time after which a camera is retired; 0 never retires
 */
public record IdleTimeout(long timeoutMillis) implements Serializable {
  /** An hour: a camera down that long is gone for maintenance, not a network hiccup. */
  public static final long DEFAULT_TIMEOUT_MILLIS = 3_600_000;

  /** No timer to register. */
  public static final long NO_TIMER = Long.MIN_VALUE;

  /** What a fired timer means for its camera. */
  public enum Verdict {
    /** Not this camera's pending idle timer (a stale or a marker's timer): do nothing. */
    IGNORE,
    /**
     * The camera was seen since the timer was set: register a timer at {@link
     * CameraActivity#timerAt}.
     */
    REARM,
    /** Idle for the whole timeout: clear every keyed state of the camera. */
    RETIRE
  }

  public IdleTimeout {
    if (timeoutMillis < 0) {
      throw new IllegalArgumentException(
          "camera idle timeout must not be negative, was " + timeoutMillis);
    }
  }

  public static IdleTimeout never() {
    return new IdleTimeout(0);
  }

  public boolean enabled() {
    return timeoutMillis > 0;
  }

  /**
   * Records a frame of the camera captured at {@code captureTime}, processed at {@code now}.
   *
   * @return when to register the camera's idle timer, or {@link #NO_TIMER} when one is pending
   */
  public long onFrame(CameraActivity activity, long now, long captureTime) {
    activity.lastSeen = now;
    activity.lastCapture = Math.max(activity.lastCapture, captureTime);
    if (activity.timerAt != 0) {
      return NO_TIMER;
    }
    activity.timerAt = now + timeoutMillis;
    return activity.timerAt;
  }

  /**
   * What the timer firing at {@code time} means, given the subtask's current watermark ({@link
   * Long#MIN_VALUE} for none) and the processing time since which it has not moved; on REARM,
   * {@code activity.timerAt} is the new time.
   */
  public Verdict onTimer(
      CameraActivity activity, long time, long watermark, long watermarkStillSince) {
    if (activity == null || time < activity.timerAt) {
      return Verdict.IGNORE;
    }
    long due = activity.lastSeen + timeoutMillis;
    if (due > time) {
      activity.timerAt = due;
      return Verdict.REARM;
    }
    boolean inputMovedOn =
        watermark != Long.MIN_VALUE && watermark - activity.lastCapture >= timeoutMillis;
    boolean inputStill = time - timeoutMillis >= watermarkStillSince;
    if (inputMovedOn || (inputStill && time >= activity.lastSeen + 2 * timeoutMillis)) {
      return Verdict.RETIRE;
    }
    // The input has not moved on past the camera: its frames may be queued behind the timer. Look
    // again soon, once more of the input has been read.
    activity.timerAt = time + Math.max(1, timeoutMillis / 10);
    return Verdict.REARM;
  }

  /** Whether a retirement marker set at {@code retiredAt} has served its time at {@code time}. */
  public boolean markerExpired(long retiredAt, long time) {
    return time >= retiredAt + timeoutMillis;
  }
}
