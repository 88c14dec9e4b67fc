package dev.streamdycoke.operators.ttm;

/**
 * One reference frame of a camera's DyCoke state (anchor, position 2 or background) as keyed state
 * stores it, a Flink POJO: int8 codes with a power-of-two scale per row ({@link Int8Rows}), the
 * values the merger computes with, and for the window's position 2 which cells it kept.
 *
 * <p>The rows' norms are not written (4 bytes a row, about 600 B per frame at N = 196 with three
 * frames written every four): the merger takes them from the rounded rows, which decode exactly, so
 * {@link #norms()} recomputes the same floats. Frames of older savepoints still carry them.
 */
public class Int8Frame {
  /** The rows' int8 codes, row after row. */
  public byte[] codes;

  /** Per row, the binary exponent of its scale: a value is {@code code * 2^exponent}. */
  public byte[] exponents;

  /**
   * The L2 norm of each row as the merger computed it from the rounded values; null when written by
   * this version (see {@link #norms()}), set in frames of older savepoints.
   */
  public float[] norms;

  /** Position 2 only: per cell whether that frame kept its token; null otherwise. */
  public boolean[] kept;

  public Int8Frame() {}

  Int8Frame(float[][] rows, boolean[] kept) {
    this.exponents = Int8Rows.exponents(rows);
    this.codes = Int8Rows.codes(rows, exponents);
    this.kept = kept;
  }

  float[][] rows() {
    return Int8Rows.decode(codes, exponents);
  }

  /** The rows' L2 norms: stored ones if any, else computed from the decoded rows. */
  public float[] norms() {
    return norms != null ? norms : norms(rows());
  }

  /** The L2 norms of already decoded {@link #rows()}: stored ones if any, else computed. */
  float[] norms(float[][] rows) {
    if (norms != null) {
      return norms;
    }
    float[] out = new float[rows.length];
    Cosine.norms(rows, out);
    return out;
  }

  /** Serialized bytes, about: the codes dominate. */
  public long approximateBytes() {
    return 16L
        + codes.length
        + exponents.length
        + (norms == null ? 0 : 4L * norms.length)
        + (kept == null ? 0 : kept.length);
  }
}
