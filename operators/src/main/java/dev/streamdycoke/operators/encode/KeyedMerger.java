package dev.streamdycoke.operators.encode;

import dev.streamdycoke.operators.ttm.MergeResult;
import dev.streamdycoke.operators.ttm.TemporalTokenMerger;
import dev.streamdycoke.operators.ttm.TtmConfig;
import dev.streamdycoke.operators.ttm.TtmMode;
import java.util.List;
import java.util.function.Supplier;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * One merger instance serving every camera of a subtask: before each frame it loads the current
 * key's references from keyed state, after it writes back what the frame changed. Keyed state holds
 * only what sections 1 and 2 of docs/algorithms.md need (the reference frames or the reference map,
 * and the background).
 */
public abstract class KeyedMerger {
  /** Name of the single state of the threshold mode, and of the DyCoke layout before binary16. */
  public static final String STATE_NAME = "ttm-references";

  /** Names of the keyed states a DyCoke camera holds (see {@link SplitDycokeMerger}). */
  public static final List<String> DYCOKE_STATES = SplitDycokeMerger.STATE_NAMES;

  /** The DyCoke state holding a window's position-2 frame, present only while there is one. */
  public static final String DYCOKE_MID_STATE = SplitDycokeMerger.MID;

  /**
   * The keyed merger for the configured mode.
   *
   * @param currentKey the operator's current key, for the per-camera read cache
   */
  public static KeyedMerger open(
      TtmConfig config, RuntimeContext context, Supplier<Object> currentKey) {
    return config.mode() == TtmMode.DYCOKE
        ? new SplitDycokeMerger(config, context, currentKey, SplitDycokeMerger.DEFAULT_CACHE_BYTES)
        : WholeStateMerger.open(TemporalTokenMerger.create(config), context);
  }

  /** Seq of the current camera's last merged frame, {@link Long#MIN_VALUE} before its first. */
  public abstract long lastSeq() throws Exception;

  /** Merges one frame of the current camera; seq must exceed {@link #lastSeq()}. */
  public abstract MergeResult merge(long seq, float[][] tokens) throws Exception;

  /** Forgets the current camera's references: its next frame is an anchor again. */
  public abstract void clear();

  /** Approximate bytes of state values written so far, for the {@code ttmStateBytes} metric. */
  public abstract long bytesWritten();
}
