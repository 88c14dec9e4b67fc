package dev.streamdycoke.model.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;

/**
 * Keys and values of every decoder layer for the positions a session holds, one row per position,
 * shaped {@code [kvHeads, rows, headDim]}.
 *
 * <p>Keys are kept <em>before</em> rotary embedding and rotated when attended, with each row's
 * current index as its position. Removing rows therefore leaves the survivors at contiguous
 * positions with no re-rotation, as StreamingVLM does, and positions never outgrow the model's
 * trained range however long a stream runs.
 */
public final class KvCache implements AutoCloseable {
  private final NDManager manager;
  private final NDArray[] keys;
  private final NDArray[] values;
  private int length;

  KvCache(NDManager parent, int layers) {
    this.manager = parent.newSubManager();
    this.keys = new NDArray[layers];
    this.values = new NDArray[layers];
  }

  /** Positions held. */
  public int length() {
    return length;
  }

  public int layers() {
    return keys.length;
  }

  /** Bytes of keys and values held, in every layer. */
  public long bytes() {
    long total = 0;
    for (int l = 0; l < keys.length; l++) {
      if (keys[l] != null) {
        total += keys[l].size() * keys[l].getDataType().getNumOfBytes();
        total += values[l].size() * values[l].getDataType().getNumOfBytes();
      }
    }
    return total;
  }

  NDArray rawKeys(int layer) {
    return keys[layer];
  }

  NDArray values(int layer) {
    return values[layer];
  }

  /** Appends new rows to one layer; the caller appends to every layer before the next use. */
  void append(int layer, NDArray rawKey, NDArray value) {
    keys[layer] = replace(keys[layer], concat(keys[layer], rawKey));
    values[layer] = replace(values[layer], concat(values[layer], value));
    if (layer == keys.length - 1) {
      length = (int) keys[layer].getShape().get(1);
    }
  }

  /** Keeps only {@code rows} (ascending), in every layer. */
  public void retain(int[] rows) {
    if (rows.length == length) {
      return;
    }
    try (NDScope scope = new NDScope()) {
      NDArray index = manager.create(toLongs(rows));
      for (int l = 0; l < keys.length; l++) {
        keys[l] = replace(keys[l], keys[l].get(new NDIndex(":, {}", index)));
        values[l] = replace(values[l], values[l].get(new NDIndex(":, {}", index)));
      }
    }
    length = rows.length;
  }

  /** Drops every row from {@code from} on: what answering appended is discarded this way. */
  public void truncate(int from) {
    if (from >= length) {
      return;
    }
    try (NDScope scope = new NDScope()) {
      // A slice shares its source's storage; the copy lets the longer storage go.
      for (int l = 0; l < keys.length; l++) {
        keys[l] = replace(keys[l], Qwen2Model.copy(keys[l].get(new NDIndex(":, :" + from))));
        values[l] = replace(values[l], Qwen2Model.copy(values[l].get(new NDIndex(":, :" + from))));
      }
    }
    length = from;
  }

  private static NDArray concat(NDArray existing, NDArray rows) {
    return existing == null
        ? Qwen2Model.copy(rows)
        : NDArrays.concat(new NDList(existing, rows), 1);
  }

  /**
   * Takes {@code fresh} (new storage) out of any open {@link NDScope} into this cache's memory and
   * frees what it replaces.
   */
  private NDArray replace(NDArray old, NDArray fresh) {
    NDScope.unregister(fresh);
    fresh.attach(manager);
    if (old != null) {
      old.close();
    }
    return fresh;
  }

  /** Row numbers as the int64 index arrays the engine takes. */
  static long[] toLongs(int[] rows) {
    long[] out = new long[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = rows[i];
    }
    return out;
  }

  @Override
  public void close() {
    manager.close();
  }
}
