package dev.streamdycoke.model.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The tensors of a checkpoint, looked up by their canonical name (the names of the public
 * llava-onevision-qwen2 checkpoints converted for transformers, e.g. {@code
 * language_model.model.layers.0.self_attn.q_proj.weight}). Implementations also resolve the names
 * newer transformers versions save ({@code model.language_model.layers.0...}).
 */
public interface WeightSource {

  /**
   * Loads a tensor into {@code manager} as {@code dataType}, checking its shape.
   *
   * @throws CheckpointException naming the file and the tensor when the tensor is missing or its
   *     shape differs from {@code expected}
   */
  NDArray load(String name, Shape expected, NDManager manager, DataType dataType);

  /** Whether the checkpoint holds a tensor of that canonical name. */
  boolean contains(String name);
}
