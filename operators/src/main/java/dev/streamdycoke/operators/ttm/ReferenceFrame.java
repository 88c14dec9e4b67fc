package dev.streamdycoke.operators.ttm;

/**
 * One reference frame of a camera's DyCoke state as keyed state stores it, a Flink POJO: binary16
 * rows (the values the merger computes with, see {@link Fp16Rows}), their norms, and for the
 * window's position 2 which cells it kept.
 */
public class ReferenceFrame {
  /** Per cell, the binary16 bit patterns of the reference token. */
  public short[][] rows;

  /** The L2 norm of each row, as the merger computed it from the binary16 values. */
  public float[] norms;

  /** Position 2 only: per cell whether that frame kept its token; null otherwise. */
  public boolean[] kept;

  public ReferenceFrame() {}

  ReferenceFrame(short[][] rows, float[] norms, boolean[] kept) {
    this.rows = rows;
    this.norms = norms;
    this.kept = kept;
  }

  /** Serialized bytes, about: the rows dominate. */
  public long approximateBytes() {
    long bytes = 4L * norms.length + (kept == null ? 0 : kept.length);
    for (short[] row : rows) {
      bytes += 4 + 2L * row.length;
    }
    return bytes;
  }
}
