package dev.streamdycoke.operators.ttm;

/**
 * Splits a camera's {@link DycokeState} into what keyed state stores separately, and joins it back:
 * the window ({@link DycokeWindow}, every frame), the anchor and position-2 frames (written at
 * positions 0 and 2 only) and the background (at refreshes only), each an {@link Int8Frame}. A
 * merge replaces a reference rather than modifying it, so what changed is found by identity.
 */
public final class DycokeStateParts {
  private DycokeStateParts() {}

  /** Which stored frames a merge replaced or dropped, from the state before to the state after. */
  public record Changes(boolean anchor, boolean mid, boolean background) {}

  public static Changes between(DycokeState before, DycokeState after) {
    return new Changes(
        before.anchorTokens != after.anchorTokens,
        before.midTokens != after.midTokens,
        before.background != after.background);
  }

  public static DycokeWindow window(DycokeState s) {
    DycokeWindow w = new DycokeWindow();
    w.lastSeq = s.lastSeq;
    w.anchorSeq = s.anchorSeq;
    w.midSeq = s.midSeq;
    w.hasAnchor = s.anchorTokens != null;
    w.hasMid = s.midTokens != null;
    w.hasBackground = s.background != null;
    return w;
  }

  /** The anchor frame to store, or null if the state has none. */
  public static Int8Frame anchor(DycokeState s) {
    return s.anchorTokens == null ? null : new Int8Frame(s.anchorTokens, null);
  }

  /** The position-2 frame to store, or null if the state has none. */
  public static Int8Frame mid(DycokeState s) {
    return s.midTokens == null ? null : new Int8Frame(s.midTokens, s.midKept);
  }

  /** The background to store, or null if the state has none. */
  public static Int8Frame background(DycokeState s) {
    return s.background == null ? null : new Int8Frame(s.background.rows, null);
  }

  /**
   * The state stored as these parts; a frame the window says exists but that is null (state that
   * does not match its window) is an error.
   */
  public static DycokeState join(
      DycokeWindow w, Int8Frame anchor, Int8Frame mid, Int8Frame background) {
    DycokeState s = new DycokeState();
    s.lastSeq = w.lastSeq;
    s.anchorSeq = w.anchorSeq;
    s.midSeq = w.midSeq;
    if (w.hasAnchor) {
      s.anchorTokens = require(anchor, "anchor").rows();
      s.anchorNorms = anchor.norms(s.anchorTokens);
    }
    if (w.hasMid) {
      s.midTokens = require(mid, "position-2").rows();
      s.midNorms = mid.norms(s.midTokens);
      s.midKept = mid.kept;
    }
    if (w.hasBackground) {
      float[][] rows = require(background, "background").rows();
      s.background = new BackgroundState(rows, background.norms(rows));
    }
    return s;
  }

  /**
   * A state read from the binary16 layout (the same four values, binary16 rows), rounded to int8 as
   * this layout stores it. Its merges then differ from the old job's only by that rounding.
   */
  public static DycokeState fromBinary16(
      DycokeWindow w, ReferenceFrame anchor, ReferenceFrame mid, ReferenceFrame background) {
    DycokeState s = new DycokeState();
    s.lastSeq = w.lastSeq;
    s.anchorSeq = w.anchorSeq;
    s.midSeq = w.midSeq;
    if (w.hasAnchor) {
      s.anchorTokens = Fp16Rows.decode(require(anchor, "anchor").rows);
    }
    if (w.hasMid) {
      s.midTokens = Fp16Rows.decode(require(mid, "position-2").rows);
      s.midKept = mid.kept;
    }
    if (w.hasBackground) {
      s.background =
          new BackgroundState(Fp16Rows.decode(require(background, "background").rows), null);
    }
    return rounded(s);
  }

  /**
   * A state read from the first layout (one float value per camera), rounded to int8 as this layout
   * stores it. Its merges then differ from the old job's only by that rounding.
   */
  public static DycokeState fromLegacy(DycokeState legacy) {
    return rounded(legacy.copy());
  }

  /** {@code s} with its references and background rounded to int8 and their norms retaken. */
  private static DycokeState rounded(DycokeState s) {
    if (s.anchorTokens != null) {
      s.anchorTokens = Int8Rows.rounded(s.anchorTokens);
      s.anchorNorms = norms(s.anchorTokens);
    }
    if (s.midTokens != null) {
      s.midTokens = Int8Rows.rounded(s.midTokens);
      s.midNorms = norms(s.midTokens);
    }
    if (s.background != null) {
      float[][] rows = Int8Rows.rounded(s.background.rows);
      s.background = new BackgroundState(rows, norms(rows));
    }
    return s;
  }

  private static float[] norms(float[][] rows) {
    float[] out = new float[rows.length];
    Cosine.norms(rows, out);
    return out;
  }

  private static <T> T require(T frame, String what) {
    if (frame == null) {
      throw new IllegalStateException(
          "DyCoke state of this camera names a " + what + " frame that is not stored");
    }
    return frame;
  }
}
