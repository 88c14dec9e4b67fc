package dev.streamdycoke.operators.ttm;

/**
 * The small part of a camera's DyCoke state, rewritten on every frame, as a Flink POJO: the seqs
 * and which reference frames exist. The frames themselves ({@link ReferenceFrame}) are states of
 * their own, written only when they change.
 */
public class DycokeWindow {
  /** Seq of the last merged frame. */
  public long lastSeq;

  public long anchorSeq;
  public long midSeq;
  public boolean hasAnchor;
  public boolean hasMid;
  public boolean hasBackground;

  public DycokeWindow() {}

  /** Whether both describe the same stored state: what a per-camera read cache checks. */
  public boolean sameAs(DycokeWindow other) {
    return other != null
        && lastSeq == other.lastSeq
        && anchorSeq == other.anchorSeq
        && midSeq == other.midSeq
        && hasAnchor == other.hasAnchor
        && hasMid == other.hasMid
        && hasBackground == other.hasBackground;
  }
}
