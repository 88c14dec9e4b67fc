package dev.streamdycoke.model.checkpoint;

import ai.djl.ndarray.types.Shape;

/**
 * One tensor a LLaVA-OneVision checkpoint holds: its canonical name, its shape, and what kind of
 * values it holds, which tells generators of random weights how to initialise it.
 *
 * @param name canonical name (legacy transformers layout)
 * @param shape expected shape
 * @param kind what the tensor is, for initialisation
 * @param required whether loading fails without it ({@code post_layernorm}, for instance, is saved
 *     by converters but never used when features come from a hidden state)
 */
public record TensorSpec(String name, Shape shape, Kind kind, boolean required) {

  /** What a tensor is, so random initialisation can keep activations in a sane range. */
  public enum Kind {
    /** A projection or embedding matrix. */
    MATRIX,
    /** An additive bias. */
    BIAS,
    /** A normalisation layer's scale, around one. */
    NORM_SCALE,
    /** A normalisation layer's shift. */
    NORM_SHIFT
  }
}
