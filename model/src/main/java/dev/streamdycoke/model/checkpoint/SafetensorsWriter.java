package dev.streamdycoke.model.checkpoint;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes float tensors to a safetensors file that Python's {@code safetensors} reads: the header
 * carries {@code "__metadata__":{"format":"pt"}}, is padded with spaces to a multiple of 8 bytes as
 * the reference writer pads it, and tensors follow in name order with contiguous offsets.
 */
public final class SafetensorsWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SafetensorsDtype dtype;
  private final Map<String, Entry> tensors = new TreeMap<>();

  private record Entry(Shape shape, float[] values) {}

  /** A writer storing every tensor as F32. */
  public SafetensorsWriter() {
    this(SafetensorsDtype.F32);
  }

  /**
   * A writer storing every tensor as {@code dtype}, rounding to nearest even when it is narrower.
   *
   * @throws IllegalArgumentException unless {@code dtype} is F32, F16 or BF16
   */
  public SafetensorsWriter(SafetensorsDtype dtype) {
    if (dtype != SafetensorsDtype.F32
        && dtype != SafetensorsDtype.F16
        && dtype != SafetensorsDtype.BF16) {
      throw new IllegalArgumentException("can only write F32, F16 or BF16, not " + dtype);
    }
    this.dtype = dtype;
  }

  /**
   * Adds a tensor of row-major {@code values}.
   *
   * @throws IllegalArgumentException when the name repeats or the values do not fill the shape
   */
  public SafetensorsWriter add(String name, Shape shape, float[] values) {
    if (shape.size() != values.length) {
      throw new IllegalArgumentException(
          name + ": " + values.length + " values for shape " + shape);
    }
    if (tensors.putIfAbsent(name, new Entry(shape, values)) != null) {
      throw new IllegalArgumentException("tensor " + name + " added twice");
    }
    return this;
  }

  /** Bytes of tensor data written (what an index's {@code metadata.total_size} adds up). */
  public long dataSize() {
    long total = 0;
    for (Entry e : tensors.values()) {
      total += (long) e.values.length * dtype.byteSize();
    }
    return total;
  }

  /** The tensor names, in the order they will be stored. */
  public Iterable<String> names() {
    return tensors.keySet();
  }

  /** Writes the file, replacing any at {@code file}. */
  public void write(Path file) throws IOException {
    byte[] header = header();
    try (OutputStream out = Files.newOutputStream(file)) {
      ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      length.putLong(header.length);
      out.write(length.array());
      out.write(header);
      for (Entry e : tensors.values()) {
        out.write(encode(e.values));
      }
    }
  }

  private byte[] header() throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.putObject("__metadata__").put("format", "pt");
    long offset = 0;
    for (Map.Entry<String, Entry> e : tensors.entrySet()) {
      ObjectNode t = root.putObject(e.getKey());
      t.put("dtype", dtype.name());
      ArrayNode shape = t.putArray("shape");
      for (long d : e.getValue().shape.getShape()) {
        shape.add(d);
      }
      long end = offset + (long) e.getValue().values.length * dtype.byteSize();
      t.putArray("data_offsets").add(offset).add(end);
      offset = end;
    }
    String json = JSON.writeValueAsString(root);
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    int padding = (8 - bytes.length % 8) % 8;
    return (json + " ".repeat(padding)).getBytes(StandardCharsets.UTF_8);
  }

  private byte[] encode(float[] values) {
    ByteBuffer out =
        ByteBuffer.allocate(values.length * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    switch (dtype) {
      case F32 -> out.asFloatBuffer().put(values);
      case F16 -> {
        for (float v : values) {
          out.putShort(HalfFloats.toFloat16(v));
        }
      }
      case BF16 -> {
        for (float v : values) {
          out.putShort(HalfFloats.toBFloat16(v));
        }
      }
      default -> throw new IllegalStateException("unreachable: " + dtype);
    }
    return out.array();
  }
}
