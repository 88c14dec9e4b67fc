package dev.streamdycoke.model.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import dev.streamdycoke.model.checkpoint.WeightSource;
import java.util.function.UnaryOperator;

/** The few tensor operations the vision modules share. */
final class Ops {
  private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2.0 / Math.PI);
  private static final float INV_SQRT_2 = (float) (1.0 / Math.sqrt(2.0));

  private Ops() {}

  /**
   * The activation types this port runs in.
   *
   * @throws IllegalArgumentException for {@code BFLOAT16}, which DJL 0.35.1's PyTorch engine cannot
   *     convert to (its {@code toType} aborts the JVM natively), and non-float types
   */
  static DataType checkComputeType(DataType type) {
    if (type != DataType.FLOAT32 && type != DataType.FLOAT16) {
      throw new IllegalArgumentException(
          "compute type must be FLOAT32 or FLOAT16, not "
              + type
              + (type == DataType.BFLOAT16
                  ? ": DJL 0.35.1's PyTorch engine aborts the JVM converting to bfloat16"
                  : ""));
    }
    return type;
  }

  /** Loads a weight that must outlive any {@link NDScope} the caller happens to be in. */
  static NDArray load(WeightSource source, String name, Shape shape, NDManager m, DataType type) {
    NDArray array = source.load(name, shape, m, type);
    NDScope.unregister(array);
    return array;
  }

  /** {@code x W^T + b}, as {@code torch.nn.Linear}. */
  static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
    return Linear.linear(x, weight, bias).singletonOrThrow();
  }

  /**
   * LayerNorm over the last axis with {@code float32} statistics whatever the activations' type,
   * because half-precision variance over a thousand channels loses most of its bits.
   */
  static NDArray layerNorm(NDArray x, NDArray gamma32, NDArray beta32, float eps) {
    DataType type = x.getDataType();
    NDArray in = x.toType(DataType.FLOAT32, false);
    Shape last = new Shape(x.getShape().get(x.getShape().dimension() - 1));
    NDArray out = LayerNorm.layerNorm(in, last, gamma32, beta32, eps).singletonOrThrow();
    return out.toType(type, false);
  }

  /** Softmax over the last axis, computed in {@code float32} as transformers' eager attention. */
  static NDArray softmax(NDArray scores) {
    DataType type = scores.getDataType();
    return scores.toType(DataType.FLOAT32, false).softmax(-1).toType(type, false);
  }

  /**
   * The activation a config names, as transformers' {@code ACT2FN} maps it.
   *
   * @throws IllegalArgumentException for a name this port has no use for
   */
  static UnaryOperator<NDArray> activation(String name) {
    return switch (name) {
      case "gelu" -> Ops::geluErf;
      case "gelu_pytorch_tanh", "gelu_new" -> Ops::geluTanh;
      default -> throw new IllegalArgumentException("unsupported activation: " + name);
    };
  }

  /** {@code gelu_pytorch_tanh}: the tanh approximation SigLIP was trained with. */
  static NDArray geluTanh(NDArray x) {
    NDArray inner = x.add(x.pow(3).mul(0.044715f)).mul(SQRT_2_OVER_PI);
    return x.mul(0.5f).mul(inner.tanh().add(1f));
  }

  /** {@code gelu}: the exact, erf-based GELU of the projector. */
  static NDArray geluErf(NDArray x) {
    return x.mul(0.5f).mul(x.mul(INV_SQRT_2).erf().add(1f));
  }
}
