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
 * <p>Processing time alone is not enough: when the subtask's input stalls (a long checkpoint, a
 * blocking prefill, back pressure) for longer than the timeout, every camera's timer comes due
 * while its frames are still queued, and the timers run before the queued frames. So a camera is
 * retired only when the subtask has also moved on without it: the newest capture time the subtask
 * has seen (any camera's) has passed the camera's last capture time by the timeout. A subtask that
 * sees no newer frame at all (every camera on it gone, or an outage) cannot tell, and retires after
 * twice the timeout of processing time, so state stays bounded. Until then a deferred timer looks
 * again every tenth of the timeout: a few timers per camera, only while the input stalls.
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
   * What the timer firing at {@code time} means, given the newest capture time of any frame the
   * subtask has processed ({@link Long#MIN_VALUE} for none since it started); on REARM, {@code
   * activity.timerAt} is the new time.
   */
  public Verdict onTimer(CameraActivity activity, long time, long newestCapture) {
    if (activity == null || time < activity.timerAt) {
      return Verdict.IGNORE;
    }
    long due = activity.lastSeen + timeoutMillis;
    if (due > time) {
      activity.timerAt = due;
      return Verdict.REARM;
    }
    boolean othersMovedOn =
        newestCapture != Long.MIN_VALUE && newestCapture - activity.lastCapture >= timeoutMillis;
    long lastResort = activity.lastSeen + 2 * timeoutMillis;
    if (othersMovedOn || time >= lastResort) {
      return Verdict.RETIRE;
    }
    // The subtask has not moved on either: its input may have stalled with this camera's frames
    // queued behind the timer. Look again soon, once the queue has had time to drain.
    activity.timerAt = Math.min(lastResort, time + Math.max(1, timeoutMillis / 10));
    return Verdict.REARM;
  }

  /** Whether a retirement marker set at {@code retiredAt} has served its time at {@code time}. */
  public boolean markerExpired(long retiredAt, long time) {
    return time >= retiredAt + timeoutMillis;
  }
}
