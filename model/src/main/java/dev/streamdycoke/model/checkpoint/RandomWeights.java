package dev.streamdycoke.model.checkpoint;

import ai.djl.ndarray.types.Shape;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Seeded random values for a tensor of a {@link TensorLayout}, the same for the same seed and name
 * whatever order tensors are asked for in. Tiny checkpoints written to disk and full-size models
 * built in memory for benchmarks both use it.
 */
public final class RandomWeights {
  private final long seed;

  public RandomWeights(long seed) {
    this.seed = seed;
  }

  /** The values of {@code spec}, row-major. */
  public float[] values(TensorSpec spec) {
    Shape shape = spec.shape();
    float[] out = new float[Math.toIntExact(shape.size())];
    SplittableRandom random = new SplittableRandom(seed ^ mix(spec.name()));
    switch (spec.kind()) {
      case MATRIX -> {
        // Uniform with the variance of Xavier init keeps activations of deep random stacks in
        // range, so tests compare meaningful numbers rather than saturated ones.
        long fanIn = shape.dimension() > 1 ? shape.size() / shape.get(0) : shape.get(0);
        double bound = Math.sqrt(3.0 / Math.max(1, fanIn));
        fill(out, random, -bound, bound);
      }
      case BIAS, NORM_SHIFT -> fill(out, random, -0.05, 0.05);
      case NORM_SCALE -> fill(out, random, 0.9, 1.1);
    }
    return out;
  }

  private static void fill(float[] out, SplittableRandom random, double lo, double hi) {
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) random.nextDouble(lo, hi);
    }
  }

  private static long mix(String name) {
    long h = 0xcbf29ce484222325L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ b) * 0x100000001b3L;
    }
    return h;
  }
}
