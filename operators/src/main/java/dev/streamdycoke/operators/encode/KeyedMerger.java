package dev.streamdycoke.operators.encode;

import dev.streamdycoke.operators.ttm.MergeResult;
import dev.streamdycoke.operators.ttm.TemporalTokenMerger;
import dev.streamdycoke.operators.ttm.TtmConfig;
import java.io.IOException;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * One merger instance serving every camera of a subtask: before each frame it loads the current
 * key's reference frames from keyed state, after it writes them back. Keyed state holds only what
 * sections 1 and 2 of docs/algorithms.md need (the reference frames or the reference map, and the
 * background).
 *
 * @param <S> the merger's state POJO
 */
final class KeyedMerger<S> {
  static final String STATE_NAME = "ttm-references";

  private final TemporalTokenMerger<S> merger;
  private final S empty;
  private final ValueState<S> state;

  private KeyedMerger(TemporalTokenMerger<S> merger, RuntimeContext context) {
    this.merger = merger;
    this.empty = merger.snapshot();
    this.state =
        context.getState(
            new ValueStateDescriptor<>(STATE_NAME, TypeInformation.of(merger.stateType())));
  }

  static KeyedMerger<?> open(TtmConfig config, RuntimeContext context) {
    return new KeyedMerger<>(TemporalTokenMerger.create(config), context);
  }

  /** Seq of the current camera's last merged frame, {@link Long#MIN_VALUE} before its first. */
  long lastSeq() throws IOException {
    load();
    return merger.lastSeq();
  }

  /** Merges one frame of the current camera; seq must exceed {@link #lastSeq()}. */
  MergeResult merge(long seq, float[][] tokens) throws IOException {
    load();
    MergeResult result = merger.merge(seq, tokens);
    state.update(merger.snapshot());
    return result;
  }

  /** Forgets the current camera's references: its next frame is an anchor again. */
  void clear() {
    state.clear();
  }

  private void load() throws IOException {
    S current = state.value();
    merger.restore(current == null ? empty : current);
  }
}
