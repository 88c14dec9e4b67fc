package dev.streamdycoke.operators.gate;

import dev.streamdycoke.model.vision.RgbImage;

/**
 * Decides per frame whether the vision tower must see it: a frame whose thumbnail differs from the
 * camera's last encoded frame by less than the threshold is skipped, unless it would make {@link
 * ChangeGateConfig#keyframeEvery()} frames in a row without one encoded.
 *
 * <p>The comparison is always against the last frame let through, never the previous frame, so a
 * slow change that stays below the threshold from frame to frame still adds up and gets encoded.
 * Frames not after the camera's last seq are not gated: the merger dead-letters them as before.
 *
 * <p>Free of Flink; the caller loads and stores the camera's {@link GateState}.
 */
public final class ChangeGate {
  /** What to do with one frame. */
  public enum Decision {
    /** Send it to the tower; it is the camera's new reference. */
    ENCODE,
    /** Unchanged since the reference: do not encode it, but count it as seen. */
    SKIP,
    /** Out of order or duplicate: the gate does not judge it. */
    NOT_GATED
  }

  private final ChangeGateConfig config;

  public ChangeGate(ChangeGateConfig config) {
    this.config = config;
  }

  public boolean enabled() {
    return config.enabled();
  }

  /** Decides for frame {@code seq} and updates {@code state} in place. */
  public Decision admit(GateState state, long seq, RgbImage image) {
    return admit(state, seq, config.enabled() && seq > state.lastSeq ? Thumbnail.of(image) : null);
  }

  /**
   * As {@link #admit(GateState, long, RgbImage)}, for a frame whose thumbnail was taken earlier:
   * offline scoring keeps thumbnails instead of whole frames. {@code thumbnail} may be null only
   * when the gate is off.
   */
  public Decision admit(GateState state, long seq, Thumbnail thumbnail) {
    if (seq <= state.lastSeq) {
      return Decision.NOT_GATED;
    }
    state.lastSeq = seq;
    if (!config.enabled()) {
      return Decision.ENCODE;
    }
    boolean keyframeDue = state.skippedSinceReference + 1 >= config.keyframeEvery();
    if (state.reference == null
        || keyframeDue
        || thumbnail.change(Thumbnail.of(state.reference)) >= config.threshold()) {
      state.reference = thumbnail.pixels();
      state.referenceSeq = seq;
      state.skippedSinceReference = 0;
      return Decision.ENCODE;
    }
    state.skippedSinceReference++;
    return Decision.SKIP;
  }

  /**
   * Forgets the reference if it is frame {@code seq}, because that frame never reached the tower
   * (shed or failed): the camera's next frame is then encoded whatever it shows.
   *
   * @return whether the reference was dropped
   */
  public static boolean lost(GateState state, long seq) {
    if (state.reference != null && state.referenceSeq == seq) {
      state.reference = null;
      state.referenceSeq = Long.MIN_VALUE;
      return true;
    }
    return false;
  }
}
