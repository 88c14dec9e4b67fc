package dev.streamdycoke.benchmarks.qa;

import dev.streamdycoke.model.VisionModel;
import dev.streamdycoke.model.vision.RgbImage;
import dev.streamdycoke.operators.ModelSpec;
import dev.streamdycoke.operators.records.DecodedFrame;
import dev.streamdycoke.operators.records.FrameTokens;
import dev.streamdycoke.operators.ttm.MergeResult;
import dev.streamdycoke.operators.ttm.TemporalTokenMerger;
import dev.streamdycoke.operators.ttm.TtmConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The encode stage of the load benchmark when the vision tower is the bottleneck: in open() it
 * encodes a few synthetic frames once with the real tower, then gives each incoming frame one of
 * those token sets (by camera and seq, so consecutive frames differ) and merges it with TTM in
 * keyed state exactly as EncodeAndMergeOperator does. Everything downstream (token caches, model
 * sessions, prefill, answering, checkpoints) runs for real.
 */
final class PrecomputedTokensOperator<S> extends AbstractStreamOperator<FrameTokens>
    implements OneInputStreamOperator<DecodedFrame, FrameTokens> {
  private static final long serialVersionUID = 1L;
  private static final int DISTINCT_FRAMES = 8;

  private final ModelSpec modelSpec;
  private final TtmConfig ttmConfig;

  private transient float[][][] tokens;
  private transient TemporalTokenMerger<S> merger;
  private transient S empty;
  private transient ValueState<S> state;

  PrecomputedTokensOperator(ModelSpec modelSpec, TtmConfig ttmConfig) {
    this.modelSpec = modelSpec;
    this.ttmConfig = ttmConfig;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void open() throws Exception {
    super.open();
    try (VisionModel model = modelSpec.openVision()) {
      List<RgbImage> images = new ArrayList<>();
      for (int i = 0; i < DISTINCT_FRAMES; i++) {
        images.add(RgbImage.filled(64, 48, 30 * i, 255 - 30 * i, 128));
      }
      tokens = model.encoder().encode(images);
    }
    merger = (TemporalTokenMerger<S>) TemporalTokenMerger.create(ttmConfig);
    empty = merger.snapshot();
    state =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "ttm-references", TypeInformation.of(merger.stateType())));
  }

  @Override
  public void processElement(StreamRecord<DecodedFrame> element) throws Exception {
    DecodedFrame frame = element.getValue();
    S current = state.value();
    merger.restore(current == null ? empty : current);
    if (frame.seq <= merger.lastSeq()) {
      return;
    }
    float[][] frameTokens =
        tokens[(int) Math.floorMod(frame.seq + frame.cameraId.hashCode(), (long) DISTINCT_FRAMES)];
    MergeResult merged = merger.merge(frame.seq, frameTokens);
    state.update(merger.snapshot());
    output.collect(
        new StreamRecord<>(
            FrameTokens.of(frame.cameraId, frame.captureTime, frameTokens.length, merged)));
  }
}
