package dev.streamdycoke.benchmarks.qa;

import dev.streamdycoke.model.VisionModel;
import dev.streamdycoke.model.vision.RgbImage;
import dev.streamdycoke.operators.ModelSpec;
import dev.streamdycoke.operators.encode.KeyedMerger;
import dev.streamdycoke.operators.records.DecodedFrame;
import dev.streamdycoke.operators.records.FrameTokens;
import dev.streamdycoke.operators.retire.CameraActivity;
import dev.streamdycoke.operators.retire.CameraIdleTracker;
import dev.streamdycoke.operators.retire.IdleTimeout;
import dev.streamdycoke.operators.ttm.MergeResult;
import dev.streamdycoke.operators.ttm.TtmConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The encode stage of the load benchmark when the vision tower is the bottleneck: in open() it
 * encodes a few synthetic frames once with the real tower, then gives each incoming frame one of
 * those token sets (by camera and seq, so consecutive frames differ) and merges it with TTM in
 * keyed state exactly as EncodeAndMergeOperator does. Everything downstream (token caches, model
 * sessions, prefill, answering, checkpoints) runs for real.
 *
 * <p>Idle cameras are retired as EncodeAndMergeOperator retires them, with the same {@link
 * IdleTimeout} policy and {@link CameraActivity} state and one keyed processing-time timer per
 * camera, so the churn benchmark measures the job's retirement, not a copy of it (the change gate
 * and shedding are not modelled here).
 */
final class PrecomputedTokensOperator extends AbstractStreamOperator<FrameTokens>
    implements OneInputStreamOperator<DecodedFrame, FrameTokens>,
        Triggerable<String, VoidNamespace> {
  private static final long serialVersionUID = 1L;
  private static final int DISTINCT_FRAMES = 8;

  /**
   * Frames merged, tokens kept and approximate TTM state bytes written by every instance in this
   * JVM, for the load benchmark, whose MiniCluster runs here.
   */
  static final LongAdder FRAMES_MERGED = new LongAdder();

  static final LongAdder TOKENS_KEPT = new LongAdder();
  static final LongAdder TTM_BYTES_WRITTEN = new LongAdder();

  /** Retirements and deferrals camera by camera, for the churn benchmark. */
  static final RetirementLog RETIREMENTS = new RetirementLog();

  private final ModelSpec modelSpec;
  private final TtmConfig ttmConfig;
  private final IdleTimeout idleTimeout;

  private transient float[][][] tokens;
  private transient KeyedMerger merger;
  private transient CameraIdleTracker idle;
  private transient ValueState<CameraActivity> activity;
  private transient InternalTimerService<VoidNamespace> idleTimers;
  private transient Counter camerasRetired;

  PrecomputedTokensOperator(ModelSpec modelSpec, TtmConfig ttmConfig) {
    this(modelSpec, ttmConfig, IdleTimeout.never());
  }

  PrecomputedTokensOperator(ModelSpec modelSpec, TtmConfig ttmConfig, IdleTimeout idleTimeout) {
    this.modelSpec = modelSpec;
    this.ttmConfig = ttmConfig;
    this.idleTimeout = idleTimeout;
  }

  @Override
  public void open() throws Exception {
    super.open();
    try (VisionModel model = modelSpec.openVision()) {
      List<RgbImage> images = new ArrayList<>();
      for (int i = 0; i < DISTINCT_FRAMES; i++) {
        images.add(RgbImage.filled(64, 48, 30 * i, 255 - 30 * i, 128));
      }
      tokens = model.encoder().encode(images);
    }
    merger = KeyedMerger.open(ttmConfig, getRuntimeContext(), this::getCurrentKey);
    getMetricGroup().gauge("ttmStateBytesWritten", (Gauge<Long>) () -> merger.bytesWritten());
    activity = getRuntimeContext().getState(CameraIdleTracker.stateDescriptor());
    idle = new CameraIdleTracker(idleTimeout, activity);
    idleTimers = getInternalTimerService("camera-idle", VoidNamespaceSerializer.INSTANCE, this);
    camerasRetired = getMetricGroup().counter("camerasRetired");
  }

  @Override
  public void processElement(StreamRecord<DecodedFrame> element) throws Exception {
    DecodedFrame frame = element.getValue();
    if (idleTimeout.enabled()) {
      RETIREMENTS.frame(frame.cameraId);
    }
    seen(frame.captureTime);
    if (frame.seq <= merger.lastSeq()) {
      return;
    }
    float[][] frameTokens =
        tokens[(int) Math.floorMod(frame.seq + frame.cameraId.hashCode(), (long) DISTINCT_FRAMES)];
    long written = merger.bytesWritten();
    MergeResult merged = merger.merge(frame.seq, frameTokens);
    FRAMES_MERGED.increment();
    TOKENS_KEPT.add(merged.keptCount());
    TTM_BYTES_WRITTEN.add(merger.bytesWritten() - written);
    output.collect(
        new StreamRecord<>(
            FrameTokens.of(frame.cameraId, frame.captureTime, frameTokens.length, merged)));
  }

  /** Records a frame of the current key's camera, arming its idle timer if none is pending. */
  private void seen(long captureTime) throws Exception {
    idle.frameSeen(
        getProcessingTimeService().getCurrentProcessingTime(),
        captureTime,
        this::registerIdleTimer);
  }

  private void registerIdleTimer(long time) {
    idleTimers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, time);
  }

  /** A camera's idle timer; Flink has set the key context to the camera. */
  @Override
  public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
    CameraActivity before = activity.value();
    // Read before the tracker updates it: on the heap backend it is the same object.
    long idleSince = before == null ? Long.MAX_VALUE : before.lastSeen;
    switch (idle.timerFired(
        timer.getTimestamp(), idleTimers.currentWatermark(), this::registerIdleTimer)) {
      case RETIRE -> {
        merger.clear();
        camerasRetired.inc();
        RETIREMENTS.retired(timer.getKey(), getProcessingTimeService().getCurrentProcessingTime());
      }
      case REARM -> {
        if (timer.getTimestamp() - idleSince >= idleTimeout.timeoutMillis()) {
          RETIREMENTS.deferred(timer.getKey());
        }
      }
      case IGNORE -> {}
    }
  }

  @Override
  public void onEventTime(InternalTimer<String, VoidNamespace> timer) {
    // Processing time only.
  }
}
