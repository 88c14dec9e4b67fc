package dev.streamdycoke.operators.encode;

import dev.streamdycoke.operators.ttm.MergeResult;
import dev.streamdycoke.operators.ttm.RowDelta;
import dev.streamdycoke.operators.ttm.RowStoredMerger;
import dev.streamdycoke.operators.ttm.TtmConfig;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * One merger instance serving every camera of a subtask: before each frame it loads the current
 * key's merging state from keyed state, after it writes back what changed. Keyed state holds only
 * what section 1 of algorithms.md needs, split so that a frame writes little: a small index
 * ({@value #INDEX_STATE}) and one immutable row per referenced token ({@value #ROWS_STATE}, keyed
 * by {@link dev.streamdycoke.operators.ttm.RowKey}), put once and deleted when no longer
 * referenced.
 *
 * @param <I> the merger's index POJO
 */
final class KeyedMerger<I> {
  static final String INDEX_STATE = "ttm-index";
  static final String ROWS_STATE = "ttm-rows";

  private final RowStoredMerger<I> merger;
  private final I empty;
  private final ValueState<I> index;
  private final MapState<Long, float[]> rows;

  private KeyedMerger(RowStoredMerger<I> merger, RuntimeContext context) {
    this.merger = merger;
    this.empty = merger.index();
    this.index = context.getState(new ValueStateDescriptor<>(INDEX_STATE, TypeInformation.of(merger.indexType())));
    this.rows = context.getMapState(
        new MapStateDescriptor<>(ROWS_STATE, Types.LONG, PrimitiveArrayTypeInfo.FLOAT_PRIMITIVE_ARRAY_TYPE_INFO));
  }

  static KeyedMerger<?> open(TtmConfig config, RuntimeContext context) {
    return new KeyedMerger<>(RowStoredMerger.create(config), context);
  }

  /** Seq of the current camera's last merged frame, {@link Long#MIN_VALUE} before its first. */
  long lastSeq() throws Exception {
    I current = index.value();
    return merger.lastSeqOf(current == null ? empty : current);
  }

  /** Merges one frame of the current camera; seq must exceed {@link #lastSeq()}. */
  MergeResult merge(long seq, float[][] tokens) throws Exception {
    I current = index.value();
    merger.restore(current == null ? empty : current, this::row);
    MergeResult result = merger.merge(seq, tokens);
    RowDelta delta = merger.lastDelta();
    for (int i = 0; i < delta.removedCount(); i++) {
      rows.remove(delta.removedKey(i));
    }
    for (int i = 0; i < delta.addedCount(); i++) {
      rows.put(delta.addedKey(i), delta.addedRow(i));
    }
    index.update(merger.index());
    return result;
  }

  private float[] row(long key) {
    try {
      return rows.get(key);
    } catch (Exception e) {
      throw new IllegalStateException("reading TTM reference row " + key, e);
    }
  }
}
