package dev.streamdycoke.operators.ttm;

/**
 * The width a DyCoke merger rounds its references and background to when it makes them: what keyed
 * state stores ({@link #INT8}), or wider, only to measure what the rounding changes.
 */
public enum ReferencePrecision {
  /** Not rounded: what float references would decide. */
  FLOAT {
    @Override
    float[][] round(float[][] rows) {
      return rows;
    }
  },
  /** IEEE binary16, the layout before int8. */
  BINARY16 {
    @Override
    float[][] round(float[][] rows) {
      return Fp16Rows.rounded(rows);
    }
  },
  /** 8-bit codes with a power-of-two scale per row ({@link Int8Rows}), what keyed state holds. */
  INT8 {
    @Override
    float[][] round(float[][] rows) {
      return Int8Rows.rounded(rows);
    }
  };

  /** The rows as a reference made at this precision holds them (new arrays unless FLOAT). */
  abstract float[][] round(float[][] rows);
}
