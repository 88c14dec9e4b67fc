package dev.streamdycoke.operators.ttm;

/**
 * Causal temporal token merging for one camera: decides per frame which visual tokens go on,
 * comparing only with earlier frames.
 *
 * <p>An instance holds one camera's state. {@link #snapshot()} and {@link #restore} move that state
 * in and out as a plain POJO for Flink keyed state; both are O(tokens per frame) because the
 * reference frames are shared, not copied. That sharing is safe because merging takes ownership of
 * each frame's rows: callers must not modify a frame's arrays after passing them in.
 *
 * @param <S> the state class
 */
public interface TemporalTokenMerger<S> {

  /**
   * Merges one frame.
   *
   * @param seq the frame's seq, strictly greater than every seq merged before
   * @param tokens the frame's tokens, {@code [N][D]}, one row per cell
   * @throws IllegalArgumentException on a non-increasing seq or an empty or ragged frame
   */
  MergeResult merge(long seq, float[][] tokens);

  /** The current state; later merges do not change the returned object. */
  S snapshot();

  /** Replaces the current state with a snapshot; later merges do not change the snapshot. */
  void restore(S state);

  /** Seq of the last merged frame, {@link Long#MIN_VALUE} before the first. */
  long lastSeq();

  /** The state class, for Flink state descriptors. */
  Class<S> stateType();

  /** Token rows the state currently holds (reference frames only). */
  int heldTokens();

  /** A merger for the configured mode, with empty state. */
  static TemporalTokenMerger<?> create(TtmConfig config) {
    return switch (config.mode()) {
      case DYCOKE -> new DycokeMerger(config);
      case THRESHOLD -> new ThresholdMerger(config);
    };
  }
}
