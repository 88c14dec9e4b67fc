package dev.streamdycoke.training.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.streamdycoke.model.checkpoint.LlavaOnevisionConfig;
import dev.streamdycoke.model.checkpoint.RandomWeights;
import dev.streamdycoke.model.checkpoint.SafetensorsDtype;
import dev.streamdycoke.model.checkpoint.SafetensorsWriter;
import dev.streamdycoke.model.checkpoint.TensorLayout;
import dev.streamdycoke.model.checkpoint.TensorSpec;
import dev.streamdycoke.model.checkpoint.WeightSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every tensor of a checkpoint as a trainable float32 array, under its checkpoint name and shape
 * ({@link TensorLayout}), served to the runtime's own modules as a {@link WeightSource}.
 *
 * <p>Why a weight source: the runtime's {@code FrameEncoder} and {@code Qwen2Model} built from it
 * compute the training forward pass with the very code that serves, so there is no second copy of
 * the architecture to drift. {@link #load} hands out a differentiable copy of the parameter (a
 * clone in the autograd graph), so the fused and transposed matrices the runtime derives at
 * construction carry gradients back to these arrays, and closing a runtime module never frees a
 * parameter. Saving writes the parameters as they are named: no splitting or renaming.
 */
public final class TrainableWeights implements WeightSource, AutoCloseable {
  private final NDManager manager;
  private final Map<String, TensorSpec> specs = new LinkedHashMap<>();
  private final Map<String, NDArray> parameters = new LinkedHashMap<>();

  /** Parameters for {@code config}, initialised as {@link RandomWeights} with {@code seed}. */
  public TrainableWeights(LlavaOnevisionConfig config, long seed, NDManager parent) {
    this(config, spec -> new RandomWeights(seed).values(spec), parent);
  }

  /** Parameters for {@code config}, initialised from another weight source (fine-tuning). */
  public static TrainableWeights from(
      LlavaOnevisionConfig config, WeightSource source, NDManager parent) {
    return new TrainableWeights(
        config,
        spec -> {
          if (!source.contains(spec.name())) {
            return new RandomWeights(0).values(spec);
          }
          try (NDManager scratch = parent.newSubManager()) {
            return source.load(spec.name(), spec.shape(), scratch, DataType.FLOAT32).toFloatArray();
          }
        },
        parent);
  }

  private interface Init {
    float[] values(TensorSpec spec);
  }

  private TrainableWeights(LlavaOnevisionConfig config, Init init, NDManager parent) {
    this.manager = parent.newSubManager();
    for (TensorSpec spec : TensorLayout.of(config).specs()) {
      NDArray p = manager.create(init.values(spec), spec.shape());
      p.setRequiresGradient(true);
      specs.put(spec.name(), spec);
      parameters.put(spec.name(), p);
    }
  }

  /** The parameters by checkpoint name, in layout order; the arrays themselves, not copies. */
  public Map<String, NDArray> parameters() {
    return Collections.unmodifiableMap(parameters);
  }

  /** The parameter of that checkpoint name. */
  public NDArray get(String name) {
    NDArray p = parameters.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no parameter " + name);
    }
    return p;
  }

  /** How many scalars are trained. */
  public long size() {
    return parameters.values().stream().mapToLong(NDArray::size).sum();
  }

  @Override
  public NDArray load(String name, Shape expected, NDManager target, DataType dataType) {
    NDArray p = parameters.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no trainable tensor " + name);
    }
    if (!p.getShape().equals(expected)) {
      throw new IllegalArgumentException(
          name + " has shape " + p.getShape() + ", expected " + expected);
    }
    if (dataType != DataType.FLOAT32) {
      throw new IllegalArgumentException("training runs in float32, not " + dataType);
    }
    // A copy, not the parameter: differentiable (DJL's duplicate() would detach it), and owned
    // by the module that asked for it, so closing the module never frees a parameter.
    NDArray copy = p.toType(DataType.FLOAT32, true);
    copy.attach(target);
    return copy;
  }

  @Override
  public boolean contains(String name) {
    return parameters.containsKey(name);
  }

  /** Writes every parameter to a {@code model.safetensors} file as {@code dtype}. */
  public void save(Path file, SafetensorsDtype dtype) throws IOException {
    SafetensorsWriter writer = new SafetensorsWriter(dtype);
    for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
      writer.add(e.getKey(), e.getValue().getShape(), e.getValue().toFloatArray());
    }
    writer.write(file);
  }

  @Override
  public void close() {
    manager.close();
  }
}
