package dev.streamdycoke.operators.ttm;

/**
 * One reference frame of a camera's DyCoke state (anchor, position 2 or background) as keyed state
 * stores it, a Flink POJO: int8 codes with a power-of-two scale per row ({@link Int8Rows}), the
 * values the merger computes with, their norms, and for the window's position 2 which cells it
 * kept.
 */
public class Int8Frame {
  /** The rows' int8 codes, row after row. */
  public byte[] codes;

  /** Per row, the binary exponent of its scale: a value is {@code code * 2^exponent}. */
  public byte[] exponents;

  /** The L2 norm of each row, as the merger computed it from the rounded values. */
  public float[] norms;

  /** Position 2 only: per cell whether that frame kept its token; null otherwise. */
  public boolean[] kept;

  public Int8Frame() {}

  Int8Frame(float[][] rows, float[] norms, boolean[] kept) {
    this.exponents = Int8Rows.exponents(rows);
    this.codes = Int8Rows.codes(rows, exponents);
    this.norms = norms;
    this.kept = kept;
  }

  float[][] rows() {
    return Int8Rows.decode(codes, exponents);
  }

  /** Serialized bytes, about: the codes dominate. */
  public long approximateBytes() {
    return 16L
        + codes.length
        + exponents.length
        + 4L * norms.length
        + (kept == null ? 0 : kept.length);
  }
}
