package dev.streamdycoke.model.checkpoint;

import ai.djl.ndarray.types.DataType;

/**
 * The element types the safetensors format names. All are known so that a header can be checked for
 * consistent sizes; only those with a {@link #dataType()} can be loaded.
 */
public enum SafetensorsDtype {
  BOOL(1, null),
  U8(1, null),
  I8(1, null),
  F8_E5M2(1, null),
  F8_E4M3(1, null),
  I16(2, null),
  U16(2, null),
  F16(2, DataType.FLOAT16),
  BF16(2, DataType.BFLOAT16),
  I32(4, null),
  U32(4, null),
  F32(4, DataType.FLOAT32),
  I64(8, null),
  U64(8, null),
  F64(8, null);

  private final int byteSize;
  private final DataType dataType;

  SafetensorsDtype(int byteSize, DataType dataType) {
    this.byteSize = byteSize;
    this.dataType = dataType;
  }

  /** Bytes per element. */
  public int byteSize() {
    return byteSize;
  }

  /** The DJL type of the stored bytes, or null when this project does not load the type. */
  public DataType dataType() {
    return dataType;
  }

  /** Whether tensors of this type can be loaded (F32, F16, BF16). */
  public boolean loadable() {
    return dataType != null;
  }

  /** The type a header names, or null for a name the format does not define. */
  static SafetensorsDtype parse(String name) {
    for (SafetensorsDtype d : values()) {
      if (d.name().equals(name)) {
        return d;
      }
    }
    return null;
  }
}
