package dev.streamdycoke.model.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A {@link WeightSource} that remembers what was loaded through it: the tensors' names and their
 * bytes in the data type they were loaded as. A model part reports its weight footprint from it,
 * and tests check that a part reads only its own tensors.
 */
public final class RecordingWeightSource implements WeightSource {
  private final WeightSource source;
  private final Set<String> loaded = new LinkedHashSet<>();
  private long bytes;

  public RecordingWeightSource(WeightSource source) {
    this.source = source;
  }

  @Override
  public NDArray load(String name, Shape expected, NDManager manager, DataType dataType) {
    NDArray array = source.load(name, expected, manager, dataType);
    loaded.add(name);
    bytes += expected.size() * dataType.getNumOfBytes();
    return array;
  }

  @Override
  public boolean contains(String name) {
    return source.contains(name);
  }

  /** Canonical names of the tensors loaded so far, in load order. */
  public Set<String> tensors() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(loaded));
  }

  /** Bytes of the tensors loaded so far, in their loaded data type. */
  public long bytes() {
    return bytes;
  }
}
