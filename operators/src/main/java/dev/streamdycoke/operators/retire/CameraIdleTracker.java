package dev.streamdycoke.operators.retire;

import java.io.IOException;
import java.util.function.LongConsumer;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retirement bookkeeping every keyed operator does the same way: the current camera's {@link
 * CameraActivity} in keyed state and its one pending processing-time timer, asked of {@link
 * IdleTimeout}. Operators register timers differently (an operator's timer service, a process
 * function's context), so each call takes how to register one; what a retirement clears stays with
 * the operator.
 */
public final class CameraIdleTracker {
  private static final Logger LOG = LoggerFactory.getLogger(CameraIdleTracker.class);

  /** The keyed state's name in every operator that retires cameras. */
  public static final String STATE_NAME = "camera-activity";

  private final IdleTimeout timeout;
  private final ValueState<CameraActivity> activity;

  /**
   * The subtask's watermark at the last timer and the processing time since which it has not moved,
   * which {@link IdleTimeout#onTimer} judges a silent camera against. Operator memory, not state:
   * after a restore the watermark starts unknown, as Flink's own does.
   */
  private long watermark = Long.MIN_VALUE;

  private long watermarkStillSince = Long.MIN_VALUE;

  public CameraIdleTracker(IdleTimeout timeout, ValueState<CameraActivity> activity) {
    this.timeout = timeout;
    this.activity = activity;
  }

  public static ValueStateDescriptor<CameraActivity> stateDescriptor() {
    return new ValueStateDescriptor<>(STATE_NAME, CameraActivity.class);
  }

  /**
   * Records a frame of the current camera captured at {@code captureTime}, processed at {@code
   * now}, arming its timer if none is pending.
   */
  public void frameSeen(long now, long captureTime, LongConsumer registerTimer) throws IOException {
    if (!timeout.enabled()) {
      return;
    }
    CameraActivity current = activity.value();
    if (current == null) {
      current = new CameraActivity();
    }
    long timer = timeout.onFrame(current, now, captureTime);
    activity.update(current);
    if (timer != IdleTimeout.NO_TIMER) {
      registerTimer.accept(timer);
    }
  }

  /**
   * Handles the current camera's timer firing at {@code time}, the subtask's watermark then being
   * {@code currentWatermark}: re-arms it when the camera was seen since or the input has not moved
   * on past it, and on {@link IdleTimeout.Verdict#RETIRE} clears the activity; the operator then
   * clears the rest of the camera's state.
   */
  public IdleTimeout.Verdict timerFired(
      long time, long currentWatermark, LongConsumer registerTimer) throws IOException {
    if (!timeout.enabled()) {
      // Armed before a restart that turned retirement off.
      return IdleTimeout.Verdict.IGNORE;
    }
    if (watermarkStillSince == Long.MIN_VALUE || currentWatermark > watermark) {
      watermark = currentWatermark;
      watermarkStillSince = time;
    }
    CameraActivity current = activity.value();
    IdleTimeout.Verdict verdict = timeout.onTimer(current, time, watermark, watermarkStillSince);
    switch (verdict) {
      case REARM -> {
        if (time >= current.lastSeen + timeout.timeoutMillis()) {
          // Idle on processing time, but the subtask's input has not moved on (IdleTimeout). Most
          // such deferrals are a second or so of ordinary lag, not worth a line each.
          LOG.debug(
              "Retirement deferred: no frame for {} ms, but this subtask's input has not been read"
                  + " {} ms past the camera's last frame",
              time - current.lastSeen,
              timeout.timeoutMillis());
        }
        activity.update(current);
        registerTimer.accept(current.timerAt);
      }
      case RETIRE -> activity.clear();
      case IGNORE -> {}
    }
    return verdict;
  }
}
