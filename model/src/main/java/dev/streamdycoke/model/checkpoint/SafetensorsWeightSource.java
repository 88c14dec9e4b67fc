package dev.streamdycoke.model.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.Closeable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tensors of a checkpoint directory: {@code model.safetensors}, or the shards that {@code
 * model.safetensors.index.json} maps tensor names to. Every file's header is read and checked on
 * {@link #open}; values are read on {@link #load}. Canonical names resolve to the names newer
 * transformers save as well (see {@link WeightSource}).
 */
public final class SafetensorsWeightSource implements WeightSource, Closeable {
  public static final String SINGLE_FILE = "model.safetensors";
  public static final String INDEX_FILE = "model.safetensors.index.json";

  /** Where a stored tensor lives. */
  private record Location(SafetensorsFile file, SafetensorsTensor tensor) {}

  private final Map<String, SafetensorsFile> files;
  private final Map<String, Location> stored;
  private final Path primary;

  private SafetensorsWeightSource(
      Path primary, Map<String, SafetensorsFile> files, Map<String, Location> stored) {
    this.primary = primary;
    this.files = files;
    this.stored = stored;
  }

  /**
   * Opens the weights in {@code dir}, preferring the index when there is one.
   *
   * @throws CheckpointException naming the file (and tensor) when there are no weights, the index
   *     is malformed, a shard is missing or a header is invalid
   */
  public static SafetensorsWeightSource open(Path dir) {
    Path index = dir.resolve(INDEX_FILE);
    if (Files.isRegularFile(index)) {
      return openSharded(dir, index);
    }
    Path single = dir.resolve(SINGLE_FILE);
    if (!Files.isRegularFile(single)) {
      throw new CheckpointException(
          single, null, "no weights: neither this file nor " + INDEX_FILE + " exists");
    }
    SafetensorsFile file = SafetensorsFile.open(single);
    Map<String, Location> stored = new LinkedHashMap<>();
    for (String name : file.names()) {
      stored.put(name, new Location(file, file.tensor(name)));
    }
    return new SafetensorsWeightSource(single, Map.of(SINGLE_FILE, file), stored);
  }

  private static SafetensorsWeightSource openSharded(Path dir, Path index) {
    JsonNode weightMap = JsonFiles.readObject(index).get("weight_map");
    if (weightMap == null || !weightMap.isObject() || weightMap.isEmpty()) {
      throw new CheckpointException(index, null, "weight_map is missing or empty");
    }
    Map<String, SafetensorsFile> files = new LinkedHashMap<>();
    Map<String, Location> stored = new LinkedHashMap<>();
    try {
      for (Iterator<Map.Entry<String, JsonNode>> it = weightMap.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String tensor = e.getKey();
        if (!e.getValue().isTextual()) {
          throw new CheckpointException(index, tensor, "weight_map value is not a file name");
        }
        String shardName = e.getValue().asText();
        Path shard = dir.resolve(shardName).normalize();
        if (!dir.normalize().equals(shard.getParent())) {
          throw new CheckpointException(
              index, tensor, "shard '" + shardName + "' lies outside the checkpoint directory");
        }
        SafetensorsFile file = files.get(shardName);
        if (file == null) {
          if (!Files.isRegularFile(shard)) {
            throw new CheckpointException(
                shard, tensor, "shard listed in " + INDEX_FILE + " does not exist");
          }
          file = SafetensorsFile.open(shard);
          files.put(shardName, file);
        }
        SafetensorsTensor header = file.tensor(tensor);
        if (header == null) {
          throw new CheckpointException(
              shard, tensor, INDEX_FILE + " maps the tensor to this shard but it is not there");
        }
        stored.put(tensor, new Location(file, header));
      }
    } catch (RuntimeException e) {
      files.values().forEach(SafetensorsFile::close);
      throw e;
    }
    return new SafetensorsWeightSource(index, files, stored);
  }

  /**
   * The header entry of the tensor of canonical name {@code name}, under whichever name it is
   * stored, or null when the checkpoint lacks it.
   */
  public SafetensorsTensor tensor(String name) {
    Location location = locate(name);
    return location == null ? null : location.tensor();
  }

  /** The file holding {@code name}, or, when no file does, the file that should have. */
  public Path fileOf(String name) {
    Location location = locate(name);
    return location == null ? primary : location.file().path();
  }

  private Location locate(String name) {
    for (String candidate : TensorNames.candidates(name)) {
      Location location = stored.get(candidate);
      if (location != null) {
        return location;
      }
    }
    return null;
  }

  @Override
  public NDArray load(String name, Shape expected, NDManager manager, DataType dataType) {
    Location location = locate(name);
    if (location == null) {
      throw new CheckpointException(primary, name, "tensor missing from the checkpoint");
    }
    SafetensorsTensor t = location.tensor();
    if (!t.shape().equals(expected)) {
      throw new CheckpointException(
          location.file().path(), t.name(), "shape " + t.shape() + " but expected " + expected);
    }
    return location.file().load(t.name(), manager, dataType);
  }

  @Override
  public boolean contains(String name) {
    return locate(name) != null;
  }

  /** Unmaps and closes every file; arrays already loaded stay valid. */
  @Override
  public void close() {
    files.values().forEach(SafetensorsFile::close);
  }
}
