package dev.streamdycoke.operators.retire;

import java.io.IOException;
import java.util.function.LongConsumer;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/**
 * The retirement bookkeeping every keyed operator does the same way: the current camera's {@link
 * CameraActivity} in keyed state and its one pending processing-time timer, asked of {@link
 * IdleTimeout}. Operators register timers differently (an operator's timer service, a process
 * function's context), so each call takes how to register one; what a retirement clears stays with
 * the operator.
 */
public final class CameraIdleTracker {
  /** The keyed state's name in every operator that retires cameras. */
  public static final String STATE_NAME = "camera-activity";

  private final IdleTimeout timeout;
  private final ValueState<CameraActivity> activity;

  public CameraIdleTracker(IdleTimeout timeout, ValueState<CameraActivity> activity) {
    this.timeout = timeout;
    this.activity = activity;
  }

  public static ValueStateDescriptor<CameraActivity> stateDescriptor() {
    return new ValueStateDescriptor<>(STATE_NAME, CameraActivity.class);
  }

  /** Records a frame of the current camera at {@code now}, arming its timer if none is pending. */
  public void frameSeen(long now, LongConsumer registerTimer) throws IOException {
    if (!timeout.enabled()) {
      return;
    }
    CameraActivity current = activity.value();
    if (current == null) {
      current = new CameraActivity();
    }
    long timer = timeout.onFrame(current, now);
    activity.update(current);
    if (timer != IdleTimeout.NO_TIMER) {
      registerTimer.accept(timer);
    }
  }

  /**
   * Handles the current camera's timer firing at {@code time}: re-arms it when the camera was seen
   * since, and on {@link IdleTimeout.Verdict#RETIRE} clears the activity; the operator then clears
   * the rest of the camera's state.
   */
  public IdleTimeout.Verdict timerFired(long time, LongConsumer registerTimer) throws IOException {
    if (!timeout.enabled()) {
      // Armed before a restart that turned retirement off.
      return IdleTimeout.Verdict.IGNORE;
    }
    CameraActivity current = activity.value();
    IdleTimeout.Verdict verdict = timeout.onTimer(current, time);
    switch (verdict) {
      case REARM -> {
        activity.update(current);
        registerTimer.accept(current.timerAt);
      }
      case RETIRE -> activity.clear();
      case IGNORE -> {}
    }
    return verdict;
  }
}
