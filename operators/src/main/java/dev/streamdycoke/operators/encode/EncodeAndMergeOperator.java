package dev.streamdycoke.operators.encode;

import dev.streamdycoke.model.VisionModel;
import dev.streamdycoke.model.vision.RgbImage;
import dev.streamdycoke.operators.ModelSpec;
import dev.streamdycoke.operators.gate.ChangeGate;
import dev.streamdycoke.operators.gate.ChangeGateConfig;
import dev.streamdycoke.operators.gate.GateState;
import dev.streamdycoke.operators.records.DecodedFrame;
import dev.streamdycoke.operators.records.FrameTokens;
import dev.streamdycoke.operators.retire.CameraActivity;
import dev.streamdycoke.operators.retire.CameraIdleTracker;
import dev.streamdycoke.operators.retire.IdleTimeout;
import dev.streamdycoke.operators.shed.FairShedding;
import dev.streamdycoke.operators.shed.FrameShedder;
import dev.streamdycoke.operators.shed.ShedReason;
import dev.streamdycoke.operators.ttm.MergeResult;
import dev.streamdycoke.operators.ttm.TtmConfig;
import dev.streamdycoke.schemas.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encodes frames into visual tokens with the vision tower and merges them causally, keyed by
 * camera.
 *
 * <p>Frames of all the subtask's cameras are buffered into one micro-batch ({@link BatchPolicy})
 * and encoded in one forward pass; then each frame's key context is set and its camera's TTM state
 * is read and written as keyed state. Encoding and merging share this operator so only kept tokens
 * cross the network, never whole frames of tokens.
 *
 * <p>The buffer is not state: it is flushed before every checkpoint barrier ({@link
 * #prepareSnapshotPreBarrier}), before every watermark and at end of input, so a checkpoint never
 * covers a frame whose tokens were not emitted.
 *
 * <p>A frame whose seq does not exceed its camera's last one (a duplicate or a late frame) is not
 * merged: it goes to {@link #DEAD_LETTERS} with reason OUT_OF_ORDER. A frame the tower cannot
 * encode on its own goes there with reason ENCODE_FAILED; the rest of its batch still goes on.
 *
 * <p><b>Change gate.</b> On arrival, a frame whose thumbnail shows no change since its camera's
 * last encoded frame ({@link ChangeGate}) is not encoded: it flows on as an {@link
 * FrameTokens#unchanged unchanged} marker, in order with its camera's encoded frames. The merger
 * then sees gaps in seq, which DyCoke's seq-aligned windows handle by anchoring instead of
 * comparing with a frame they do not hold.
 *
 * <p><b>Shedding.</b> At flush, a frame older than the age bound ({@link FrameShedder}) is dropped
 * instead of encoded, counted in {@code framesShed_STALE_BEFORE_ENCODE}, never dead-lettered,
 * unless its camera is starving ({@link FairShedding}: nothing let through for a whole bound). If
 * it was its camera's gate reference, the reference is forgotten and so are the unchanged markers
 * that pointed at it, so no answer claims a scene the context does not hold.
 *
 * <p><b>Retirement.</b> A camera that sends no frame for the {@link IdleTimeout} has its TTM
 * references, gate state and activity cleared when its keyed processing-time timer fires (one
 * pending timer per camera, see {@link IdleTimeout} for why not state TTL), counted in {@code
 * camerasRetired}. Its next frame starts afresh: an anchor frame, all tokens kept.
 */
public final class EncodeAndMergeOperator extends AbstractStreamOperator<FrameTokens>
    implements OneInputStreamOperator<DecodedFrame, FrameTokens>,
        ProcessingTimeCallback,
        Triggerable<String, VoidNamespace> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(EncodeAndMergeOperator.class);

  /** Frames that were decoded but cannot be merged. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("encode-dead-letters", TypeInformation.of(DeadLetter.class));

  /** Name of the keyed state holding each camera's {@link GateState}. */
  public static final String GATE_STATE = "change-gate";

  /** Name of the keyed state holding each camera's {@link CameraActivity}. */
  public static final String ACTIVITY_STATE = CameraIdleTracker.STATE_NAME;

  /**
   * Names of the keyed states every camera holds in DyCoke mode after its first frames, for tests
   * of retirement. The position-2 frame ({@code ttm-int8-mid}) is held only while a window has one,
   * and the earlier layouts (binary16 frames, {@link KeyedMerger#STATE_NAME}) only until a camera's
   * first frame after a restore; retirement clears those too ({@link KeyedMerger#clear}).
   */
  public static final List<String> KEYED_STATES = keyedStates();

  private final ModelSpec modelSpec;
  private final TtmConfig ttmConfig;
  private final BatchPolicy batchPolicy;
  private final ChangeGateConfig gateConfig;
  private final FrameShedder shedder;
  private final IdleTimeout idleTimeout;

  private transient VisionModel model;
  private transient KeyedMerger merger;
  private transient MicroBatch<GatedFrame> batch;
  private transient boolean timerPending;
  private transient ChangeGate gate;
  private transient ValueState<GateState> gateState;
  private transient CameraIdleTracker idle;
  private transient InternalTimerService<VoidNamespace> idleTimers;
  private transient Counter camerasRetired;
  private transient Counter framesSkipped;
  private transient Counter framesShed;
  private transient Counter framesLetThroughStarving;
  private transient FairShedding shedding;
  private transient Counter framesEncoded;
  private transient Counter framesOutOfOrder;
  private transient Counter framesFailed;
  private transient Counter tokensKept;
  private transient Counter tokensPruned;
  private transient Histogram batchSize;
  private transient Histogram encodeMillis;

  /** Every frame encoded: no change gate, no shedding. */
  public EncodeAndMergeOperator(ModelSpec modelSpec, TtmConfig ttmConfig, BatchPolicy batchPolicy) {
    this(modelSpec, ttmConfig, batchPolicy, ChangeGateConfig.off(), FrameShedder.off());
  }

  public EncodeAndMergeOperator(
      ModelSpec modelSpec,
      TtmConfig ttmConfig,
      BatchPolicy batchPolicy,
      ChangeGateConfig gateConfig,
      FrameShedder shedder) {
    this(modelSpec, ttmConfig, batchPolicy, gateConfig, shedder, IdleTimeout.never());
  }

  public EncodeAndMergeOperator(
      ModelSpec modelSpec,
      TtmConfig ttmConfig,
      BatchPolicy batchPolicy,
      ChangeGateConfig gateConfig,
      FrameShedder shedder,
      IdleTimeout idleTimeout) {
    this.idleTimeout = idleTimeout;
    this.modelSpec = modelSpec;
    this.ttmConfig = ttmConfig;
    this.batchPolicy = batchPolicy;
    this.gateConfig = gateConfig;
    this.shedder = shedder;
  }

  @Override
  public void open() throws Exception {
    super.open();
    model = modelSpec.openVision();
    merger = KeyedMerger.open(ttmConfig, getRuntimeContext(), this::getCurrentKey);
    batch = new MicroBatch<>(batchPolicy);
    gate = new ChangeGate(gateConfig);
    gateState =
        getRuntimeContext().getState(new ValueStateDescriptor<>(GATE_STATE, GateState.class));
    idle =
        new CameraIdleTracker(
            idleTimeout, getRuntimeContext().getState(CameraIdleTracker.stateDescriptor()));
    idleTimers = getInternalTimerService("camera-idle", VoidNamespaceSerializer.INSTANCE, this);
    MetricGroup metrics = getMetricGroup();
    camerasRetired = metrics.counter("camerasRetired");
    framesSkipped = metrics.counter("framesSkippedUnchanged");
    framesShed = metrics.counter(ShedReason.STALE_BEFORE_ENCODE.metricName());
    framesLetThroughStarving = metrics.counter(FairShedding.STARVING_METRIC);
    shedding = new FairShedding(shedder);
    framesEncoded = metrics.counter("framesEncoded");
    framesOutOfOrder = metrics.counter("framesOutOfOrder");
    framesFailed = metrics.counter("framesEncodeFailed");
    tokensKept = metrics.counter("tokensKept");
    tokensPruned = metrics.counter("tokensPruned");
    batchSize = metrics.histogram("encodeBatchSize", new DescriptiveStatisticsHistogram(1000));
    metrics.gauge("ttmStateBytesWritten", (Gauge<Long>) () -> merger.bytesWritten());
    long weightBytes = model.weightBytes();
    metrics.gauge("modelWeightBytes", (Gauge<Long>) () -> weightBytes);
    LOG.info("Loaded the vision tower and projector: {} MB of weights", weightBytes >> 20);
    encodeMillis = metrics.histogram("encodeLatencyMs", new DescriptiveStatisticsHistogram(1000));
  }

  private static List<String> keyedStates() {
    List<String> names = new ArrayList<>(KeyedMerger.DYCOKE_STATES);
    names.remove(KeyedMerger.DYCOKE_MID_STATE);
    names.add(GATE_STATE);
    names.add(ACTIVITY_STATE);
    return List.copyOf(names);
  }

  @Override
  public void processElement(StreamRecord<DecodedFrame> element) throws Exception {
    long now = getProcessingTimeService().getCurrentProcessingTime();
    seen(now, element.getValue().captureTime);
    if (batch.add(admit(element.getValue()), now)) {
      flush();
    } else if (!timerPending) {
      timerPending = true;
      getProcessingTimeService().registerTimer(batch.deadline(), this);
    }
  }

  @Override
  public void onProcessingTime(long time) throws Exception {
    timerPending = false;
    if (batch.isDue(time)) {
      flush();
    } else if (!batch.isEmpty()) {
      timerPending = true;
      getProcessingTimeService().registerTimer(batch.deadline(), this);
    }
  }

  /** Records a frame of the current key's camera, arming its idle timer if none is pending. */
  private void seen(long now, long captureTime) throws Exception {
    idle.frameSeen(now, captureTime, this::registerIdleTimer);
  }

  private void registerIdleTimer(long time) {
    idleTimers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, time);
  }

  /** A camera's idle timer; Flink has set the key context to the camera. */
  @Override
  public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
    if (idle.timerFired(
            timer.getTimestamp(), idleTimers.currentWatermark(), this::registerIdleTimer)
        == IdleTimeout.Verdict.RETIRE) {
      merger.clear();
      gateState.clear();
      camerasRetired.inc();
      LOG.info(
          "Retired camera {}: no frame for {} ms", timer.getKey(), idleTimeout.timeoutMillis());
    }
  }

  @Override
  public void onEventTime(InternalTimer<String, VoidNamespace> timer) {
    // Processing time throughout (StreamDyCokeJob); no event-time timers are registered.
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    flush();
    super.processWatermark(mark);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    flush();
    super.prepareSnapshotPreBarrier(checkpointId);
  }

  @Override
  public void finish() throws Exception {
    flush();
    super.finish();
  }

  @Override
  public void close() throws Exception {
    try {
      if (model != null) {
        model.close();
        model = null;
      }
    } finally {
      super.close();
    }
  }

  /** The change gate's verdict on a frame of the current key's camera. */
  private GatedFrame admit(DecodedFrame frame) throws Exception {
    if (!gate.enabled()) {
      return GatedFrame.ungated(frame);
    }
    GateState state = gateState.value();
    if (state == null) {
      state = new GateState();
    }
    ChangeGate.Decision decision = gate.admit(state, frame.seq, frame.image());
    if (decision == ChangeGate.Decision.NOT_GATED) {
      return GatedFrame.ungated(frame);
    }
    gateState.update(state);
    return decision == ChangeGate.Decision.SKIP
        ? GatedFrame.unchanged(frame, state.referenceSeq)
        : GatedFrame.newReference(frame);
  }

  private void flush() throws Exception {
    if (batch.isEmpty()) {
      return;
    }
    List<GatedFrame> pending = batch.drain();
    boolean[] shed = judgeNewestFirst(pending);
    // Frames that will not reach the merger, as camera#seq, so markers pointing at them go too.
    Set<String> lost = new HashSet<>();
    List<GatedFrame> kept = new ArrayList<>(pending.size());
    List<DecodedFrame> frames = new ArrayList<>(pending.size());
    for (int p = 0; p < pending.size(); p++) {
      GatedFrame g = pending.get(p);
      if (g.skipped()) {
        if (lost.contains(g.frame().cameraId + "#" + g.referenceSeq())) {
          framesShed.inc();
        } else {
          kept.add(g);
        }
      } else if (shed[p]) {
        framesShed.inc();
        lose(g, lost);
      } else {
        kept.add(g);
        frames.add(g.frame());
      }
    }
    float[][][] tokens = new float[0][][];
    if (!frames.isEmpty()) {
      batchSize.update(frames.size());
      long start = System.nanoTime();
      tokens = encodeBatch(frames);
      encodeMillis.update((System.nanoTime() - start) / 1_000_000);
    }
    int i = 0;
    for (GatedFrame g : kept) {
      DecodedFrame frame = g.frame();
      if (g.skipped()) {
        if (!lost.contains(frame.cameraId + "#" + g.referenceSeq())) {
          framesSkipped.inc();
          output.collect(
              new StreamRecord<>(
                  FrameTokens.unchanged(frame.cameraId, frame.seq, frame.captureTime)));
        }
        continue;
      }
      float[][] frameTokens = tokens[i++];
      if (frameTokens == null) {
        lose(g, lost);
        continue;
      }
      setCurrentKey(frame.cameraId);
      long lastSeq = merger.lastSeq();
      if (frame.seq <= lastSeq) {
        framesOutOfOrder.inc();
        lose(g, lost);
        deadLetter(
            frame,
            "OUT_OF_ORDER: seq "
                + frame.seq
                + " is not after "
                + lastSeq
                + " for camera "
                + frame.cameraId);
        continue;
      }
      MergeResult merged = merger.merge(frame.seq, frameTokens);
      framesEncoded.inc();
      tokensKept.inc(merged.keptCount());
      tokensPruned.inc(merged.prunedCount());
      output.collect(
          new StreamRecord<>(
              FrameTokens.of(frame.cameraId, frame.captureTime, frameTokens.length, merged)));
    }
  }

  /**
   * Which frames meant for the tower are shed. Judged newest first, so that a starving camera's
   * frame let through ({@link FairShedding}) is its newest in the batch, and a camera with a fresh
   * frame in the batch has its stale ones shed.
   */
  private boolean[] judgeNewestFirst(List<GatedFrame> pending) {
    long now = getProcessingTimeService().getCurrentProcessingTime();
    boolean[] shed = new boolean[pending.size()];
    for (int p = pending.size() - 1; p >= 0; p--) {
      GatedFrame g = pending.get(p);
      if (g.skipped()) {
        continue;
      }
      FairShedding.Verdict verdict = shedding.judge(g.frame().cameraId, g.frame().captureTime, now);
      if (verdict == FairShedding.Verdict.KEEP_STARVING) {
        framesLetThroughStarving.inc();
      }
      shed[p] = verdict == FairShedding.Verdict.SHED;
    }
    return shed;
  }

  /**
   * A frame meant for the tower that will not be merged: its camera's gate must not compare with
   * it.
   */
  private void lose(GatedFrame g, Set<String> lost) throws Exception {
    if (!g.reference()) {
      return;
    }
    DecodedFrame frame = g.frame();
    lost.add(frame.cameraId + "#" + frame.seq);
    setCurrentKey(frame.cameraId);
    GateState state = gateState.value();
    if (state != null && ChangeGate.lost(state, frame.seq)) {
      gateState.update(state);
    }
  }

  /**
   * One pass for the batch; if that fails, frame by frame, dead-lettering the frames that fail
   * alone.
   */
  private float[][][] encodeBatch(List<DecodedFrame> frames) {
    List<RgbImage> images = new ArrayList<>(frames.size());
    for (DecodedFrame frame : frames) {
      images.add(frame.image());
    }
    try {
      return model.encoder().encode(images);
    } catch (RuntimeException batchFailure) {
      LOG.warn(
          "Encoding a batch of {} frames failed; retrying frame by frame",
          frames.size(),
          batchFailure);
    }
    float[][][] tokens = new float[frames.size()][][];
    for (int i = 0; i < frames.size(); i++) {
      try {
        tokens[i] = model.encoder().encode(List.of(images.get(i)))[0];
      } catch (RuntimeException e) {
        framesFailed.inc();
        deadLetter(frames.get(i), "ENCODE_FAILED: " + e);
      }
    }
    return tokens;
  }

  private void deadLetter(DecodedFrame frame, String reason) {
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setSourceTopic(frame.sourceTopic == null ? "" : frame.sourceTopic)
            .setSourcePartition(frame.sourcePartition)
            .setSourceOffset(frame.sourceOffset)
            .setReason(reason)
            .setRaw(ByteBuffer.allocate(0))
            .setRawSize(0)
            .setTime(Instant.ofEpochMilli(getProcessingTimeService().getCurrentProcessingTime()))
            .setCameraId(frame.cameraId)
            .build();
    output.collect(DEAD_LETTERS, new StreamRecord<>(letter));
  }
}
