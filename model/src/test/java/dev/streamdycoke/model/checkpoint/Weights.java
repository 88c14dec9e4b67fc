package dev.streamdycoke.model.checkpoint;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;

/** Rewrites a tiny checkpoint's weight file with tensors renamed, dropped or reshaped. */
final class Weights {
  private Weights() {}

  /** One tensor to write, or null to drop it. */
  record Stored(String name, Shape shape) {}

  static void rewrite(
      Path file, LlavaOnevisionConfig config, long seed, Function<TensorSpec, Stored> edit)
      throws IOException {
    RandomWeights random = new RandomWeights(seed);
    SafetensorsWriter writer = new SafetensorsWriter();
    for (TensorSpec spec : TensorLayout.of(config).specs()) {
      Stored stored = edit.apply(spec);
      if (stored == null) {
        continue;
      }
      float[] values = random.values(spec);
      if (stored.shape().size() != values.length) {
        values = new float[Math.toIntExact(stored.shape().size())];
      }
      writer.add(stored.name(), stored.shape(), values);
    }
    writer.write(file);
  }

  /**
   * The bfloat16 value nearest {@code value}, ties to even, found by comparing the two neighbours
   * in double precision: an independent check of the writer's bit arithmetic (DJL's PyTorch engine
   * cannot make bfloat16 arrays).
   */
  static float nearestBFloat16(float value) {
    if (Float.isInfinite(value) || Float.isNaN(value)) {
      return value;
    }
    int bits = Float.floatToRawIntBits(value);
    float lo = Float.intBitsToFloat(bits & 0xffff0000);
    float hi = Float.intBitsToFloat((bits & 0xffff0000) + 0x10000);
    double dLo = Math.abs((double) value - lo);
    double dHi = Math.abs((double) hi - value);
    if (dLo < dHi) {
      return lo;
    }
    if (dHi < dLo) {
      return hi;
    }
    return ((bits >>> 16) & 1) == 0 ? lo : hi;
  }

  static float[] nearestBFloat16(float[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = nearestBFloat16(values[i]);
    }
    return out;
  }
}
