package dev.streamdycoke.operators.encode;

import dev.streamdycoke.model.VisionModel;
import dev.streamdycoke.model.vision.RgbImage;
import dev.streamdycoke.operators.ModelSpec;
import dev.streamdycoke.operators.records.DecodedFrame;
import dev.streamdycoke.operators.records.FrameTokens;
import dev.streamdycoke.operators.ttm.MergeResult;
import dev.streamdycoke.operators.ttm.TtmConfig;
import dev.streamdycoke.schemas.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
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
 */
public final class EncodeAndMergeOperator extends AbstractStreamOperator<FrameTokens>
    implements OneInputStreamOperator<DecodedFrame, FrameTokens>, ProcessingTimeCallback {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(EncodeAndMergeOperator.class);

  /** Frames that were decoded but cannot be merged. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("encode-dead-letters", TypeInformation.of(DeadLetter.class));

  private final ModelSpec modelSpec;
  private final TtmConfig ttmConfig;
  private final BatchPolicy batchPolicy;

  private transient VisionModel model;
  private transient KeyedMerger<?> merger;
  private transient MicroBatch<DecodedFrame> batch;
  private transient boolean timerPending;
  private transient Counter framesEncoded;
  private transient Counter framesOutOfOrder;
  private transient Counter framesFailed;
  private transient Counter tokensKept;
  private transient Counter tokensPruned;
  private transient Histogram batchSize;
  private transient Histogram encodeMillis;

  public EncodeAndMergeOperator(ModelSpec modelSpec, TtmConfig ttmConfig, BatchPolicy batchPolicy) {
    this.modelSpec = modelSpec;
    this.ttmConfig = ttmConfig;
    this.batchPolicy = batchPolicy;
  }

  @Override
  public void open() throws Exception {
    super.open();
    model = modelSpec.openVision();
    merger = KeyedMerger.open(ttmConfig, getRuntimeContext());
    batch = new MicroBatch<>(batchPolicy);
    MetricGroup metrics = getMetricGroup();
    framesEncoded = metrics.counter("framesEncoded");
    framesOutOfOrder = metrics.counter("framesOutOfOrder");
    framesFailed = metrics.counter("framesEncodeFailed");
    tokensKept = metrics.counter("tokensKept");
    tokensPruned = metrics.counter("tokensPruned");
    batchSize = metrics.histogram("encodeBatchSize", new DescriptiveStatisticsHistogram(1000));
    long weightBytes = model.weightBytes();
    metrics.gauge("modelWeightBytes", (Gauge<Long>) () -> weightBytes);
    LOG.info("Loaded the vision tower and projector: {} MB of weights", weightBytes >> 20);
    encodeMillis = metrics.histogram("encodeLatencyMs", new DescriptiveStatisticsHistogram(1000));
  }

  @Override
  public void processElement(StreamRecord<DecodedFrame> element) throws Exception {
    long now = getProcessingTimeService().getCurrentProcessingTime();
    if (batch.add(element.getValue(), now)) {
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

  private void flush() throws Exception {
    if (batch.isEmpty()) {
      return;
    }
    List<DecodedFrame> frames = batch.drain();
    batchSize.update(frames.size());
    long start = System.nanoTime();
    float[][][] tokens = encodeBatch(frames);
    encodeMillis.update((System.nanoTime() - start) / 1_000_000);
    for (int i = 0; i < frames.size(); i++) {
      DecodedFrame frame = frames.get(i);
      if (tokens[i] == null) {
        continue;
      }
      setCurrentKey(frame.cameraId);
      long lastSeq = merger.lastSeq();
      if (frame.seq <= lastSeq) {
        framesOutOfOrder.inc();
        deadLetter(frame, "OUT_OF_ORDER: seq " + frame.seq + " is not after " + lastSeq + " for camera " + frame.cameraId);
        continue;
      }
      MergeResult merged = merger.merge(frame.seq, tokens[i]);
      framesEncoded.inc();
      tokensKept.inc(merged.keptCount());
      tokensPruned.inc(merged.prunedCount());
      output.collect(new StreamRecord<>(FrameTokens.of(frame.cameraId, frame.captureTime, tokens[i].length, merged)));
    }
  }

  /** One pass for the batch; if that fails, frame by frame, dead-lettering the frames that fail alone. */
  private float[][][] encodeBatch(List<DecodedFrame> frames) {
    List<RgbImage> images = new ArrayList<>(frames.size());
    for (DecodedFrame frame : frames) {
      images.add(frame.image());
    }
    try {
      return model.encoder().encode(images);
    } catch (RuntimeException batchFailure) {
      LOG.warn("Encoding a batch of {} frames failed; retrying frame by frame", frames.size(), batchFailure);
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
    DeadLetter letter = DeadLetter.newBuilder()
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
