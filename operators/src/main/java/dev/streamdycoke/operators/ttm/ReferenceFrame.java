package dev.streamdycoke.operators.ttm;

/**
 * One reference frame of a camera's DyCoke state as the binary16 layout stored it, a Flink POJO:
 * binary16 rows, their norms, and for the window's position 2 which cells it kept. Kept only to
 * read savepoints of that layout, which are migrated to {@link Int8Frame} on each camera's next
 * frame.
 */
public class ReferenceFrame {
  /** Per cell, the binary16 bit patterns of the reference token. */
  public short[][] rows;

  /** The L2 norm of each row, as the merger computed it from the binary16 values. */
  public float[] norms;

  /** Position 2 only: per cell whether that frame kept its token; null otherwise. */
  public boolean[] kept;

  public ReferenceFrame() {}

  public ReferenceFrame(short[][] rows, float[] norms, boolean[] kept) {
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
