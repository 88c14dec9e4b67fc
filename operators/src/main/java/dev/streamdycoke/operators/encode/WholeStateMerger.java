package dev.streamdycoke.operators.encode;

import dev.streamdycoke.operators.ttm.MergeResult;
import dev.streamdycoke.operators.ttm.TemporalTokenMerger;
import java.io.IOException;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * The threshold mode's keyed merger: its state, one reference per cell replaced cell by cell, is
 * one value rewritten per frame.
 *
 * @param <S> the merger's state POJO
 */
final class WholeStateMerger<S> extends KeyedMerger {
  private final TemporalTokenMerger<S> merger;
  private final S empty;
  private final ValueState<S> state;
  private long bytesWritten;

  private WholeStateMerger(TemporalTokenMerger<S> merger, RuntimeContext context) {
    this.merger = merger;
    this.empty = merger.snapshot();
    this.state =
        context.getState(
            new ValueStateDescriptor<>(STATE_NAME, TypeInformation.of(merger.stateType())));
  }

  static <S> WholeStateMerger<S> open(TemporalTokenMerger<S> merger, RuntimeContext context) {
    return new WholeStateMerger<>(merger, context);
  }

  @Override
  public long lastSeq() throws IOException {
    load();
    return merger.lastSeq();
  }

  @Override
  public MergeResult merge(long seq, float[][] tokens) throws IOException {
    load();
    MergeResult result = merger.merge(seq, tokens);
    state.update(merger.snapshot());
    bytesWritten += 4L * merger.heldTokens() * tokens[0].length;
    return result;
  }

  @Override
  public void clear() {
    state.clear();
  }

  @Override
  public long bytesWritten() {
    return bytesWritten;
  }

  private void load() throws IOException {
    S current = state.value();
    merger.restore(current == null ? empty : current);
  }
}
