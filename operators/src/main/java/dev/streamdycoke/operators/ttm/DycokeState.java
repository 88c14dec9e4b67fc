package dev.streamdycoke.operators.ttm;

/**
 * DyCoke merging state of one camera, as a Flink POJO: the raw tokens of the current window's
 * anchor (normally position 0) and of its position 2, with their norms, and the running background
 * novelty is scored against.
 */
public class DycokeState {
  /** Seq of the last merged frame, {@link Long#MIN_VALUE} before the first. */
  public long lastSeq = Long.MIN_VALUE;

  /** Seq of the window's anchor; meaningful when {@link #anchorTokens} is set. */
  public long anchorSeq;

  /** Raw tokens of the window's first frame, the reference of positions 1 and 2; null if none. */
  public float[][] anchorTokens;

  public float[] anchorNorms;

  /** Seq of the window's position-2 frame; meaningful when {@link #midTokens} is set. */
  public long midSeq;

  /** Raw tokens of position 2, the reference of position 3; null if not seen in this window. */
  public float[][] midTokens;

  public float[] midNorms;

  /**
   * Per cell, whether position 2 kept its token. A position-3 token merged into a pruned position-2
   * cell is represented by that cell's anchor token, which is what this resolves.
   */
  public boolean[] midKept;

  /** The running per-cell background novelty is scored against; null before the first frame. */
  public BackgroundState background;

  public DycokeState() {}

  DycokeState copy() {
    DycokeState s = new DycokeState();
    s.lastSeq = lastSeq;
    s.anchorSeq = anchorSeq;
    s.anchorTokens = anchorTokens;
    s.anchorNorms = anchorNorms;
    s.midSeq = midSeq;
    s.midTokens = midTokens;
    s.midNorms = midNorms;
    s.midKept = midKept;
    s.background = background;
    return s;
  }

  /** How many reference frames are held: 0, 1 or 2. */
  public int heldFrames() {
    return (anchorTokens != null ? 1 : 0) + (midTokens != null ? 1 : 0);
  }
}
