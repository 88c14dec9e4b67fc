package dev.streamdycoke.operators.gate;

/** The change gate's state of one camera, as a Flink POJO. */
public class GateState {
  /** Seq of the last frame the gate saw, {@link Long#MIN_VALUE} before the first. */
  public long lastSeq = Long.MIN_VALUE;

  /**
   * Thumbnail of the last frame let through to the tower; null when there is none to compare with.
   */
  public byte[] reference;

  /** Seq of the frame {@link #reference} belongs to. */
  public long referenceSeq = Long.MIN_VALUE;

  /** Frames skipped since the reference was let through. */
  public int skippedSinceReference;

  public GateState() {}
}
