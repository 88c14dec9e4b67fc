package dev.streamdycoke.model.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link WeightSource} with seeded random values and no files, for benchmarks at a real model's
 * dimensions (the 0.5B model's, say) that no checkpoint on this machine has.
 */
public final class RandomWeightSource implements WeightSource {
  private static final Path IN_MEMORY = Path.of("<random-weights>");
  private final Map<String, TensorSpec> specs = new LinkedHashMap<>();
  private final RandomWeights random;

  public RandomWeightSource(LlavaOnevisionConfig config, long seed) {
    for (TensorSpec spec : TensorLayout.of(config).specs()) {
      specs.put(spec.name(), spec);
    }
    this.random = new RandomWeights(seed);
  }

  @Override
  public NDArray load(String name, Shape expected, NDManager manager, DataType dataType) {
    if (dataType == DataType.BFLOAT16) {
      // DJL 0.35.1's PyTorch engine aborts the JVM converting to bfloat16; fail in Java instead.
      throw new IllegalArgumentException("bfloat16 is not supported; use float32 or float16");
    }
    TensorSpec spec = specs.get(name);
    if (spec == null) {
      throw new CheckpointException(IN_MEMORY, name, "no such tensor in the layout");
    }
    if (!spec.shape().equals(expected)) {
      throw new CheckpointException(
          IN_MEMORY, name, "shape " + spec.shape() + " but expected " + expected);
    }
    NDArray values = manager.create(random.values(spec), expected);
    return dataType == DataType.FLOAT32 ? values : values.toType(dataType, false);
  }

  @Override
  public boolean contains(String name) {
    return specs.containsKey(name);
  }
}
