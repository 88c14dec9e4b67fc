package dev.streamdycoke.model.checkpoint;

import ai.djl.ndarray.types.Shape;

/**
 * One entry of a safetensors header: where a tensor's bytes lie and how to read them.
 *
 * @param name the name as stored in the file
 * @param dtype element type of the stored bytes
 * @param shape the tensor's shape (empty for a scalar)
 * @param begin offset of the first byte, relative to the end of the header
 * @param end offset one past the last byte, relative to the end of the header
 */
public record SafetensorsTensor(
    String name, SafetensorsDtype dtype, Shape shape, long begin, long end) {

  /** Bytes the tensor's data occupies. */
  public long byteSize() {
    return end - begin;
  }
}
