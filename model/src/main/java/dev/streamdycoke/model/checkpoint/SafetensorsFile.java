package dev.streamdycoke.model.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A read-only, memory-mapped safetensors file: an 8-byte little-endian header length, a JSON header
 * naming every tensor's dtype, shape and byte range, then the data. The header is read and fully
 * validated on {@link #open}; tensor values are read only when {@link #load} asks for them, so a
 * checkpoint of several gigabytes can be checked without touching its data.
 */
public final class SafetensorsFile implements Closeable {
  /** The reference implementation's cap; a larger header is a corrupt length, not a real file. */
  static final long MAX_HEADER_BYTES = 100_000_000L;

  private static final String METADATA_KEY = "__metadata__";
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final Path path;
  private final FileChannel channel;
  private final long dataStart;
  private final Map<String, SafetensorsTensor> tensors;
  private final Map<String, String> metadata;

  /** The whole file when it fits one mapping (2 GiB); null when tensors are mapped one by one. */
  private final MappedByteBuffer whole;

  private volatile boolean closed;

  private SafetensorsFile(
      Path path,
      FileChannel channel,
      long dataStart,
      Map<String, SafetensorsTensor> tensors,
      Map<String, String> metadata,
      MappedByteBuffer whole) {
    this.path = path;
    this.channel = channel;
    this.dataStart = dataStart;
    this.tensors = tensors;
    this.metadata = metadata;
    this.whole = whole;
  }

  /**
   * Opens and validates {@code file}: the header length is sane, the header is a JSON object, every
   * tensor's dtype is a safetensors dtype, its byte range matches its shape and lies in the file,
   * and the ranges tile the data with no gap or overlap, as the reference reader demands.
   *
   * @throws CheckpointException naming the file (and the tensor) at fault
   */
  public static SafetensorsFile open(Path file) {
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new CheckpointException(file, null, "file not found", e);
    } catch (IOException e) {
      throw new CheckpointException(file, null, "cannot open: " + e.getMessage(), e);
    }
    try {
      return read(file, channel);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static SafetensorsFile read(Path file, FileChannel channel) {
    try {
      long fileSize = channel.size();
      if (fileSize < 8) {
        throw new CheckpointException(
            file, null, "file of " + fileSize + " bytes is too short for a safetensors header");
      }
      ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(channel, lengthBytes, 0);
      long headerLength = lengthBytes.flip().getLong();
      if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || headerLength > fileSize - 8) {
        throw new CheckpointException(
            file,
            null,
            "header length "
                + Long.toUnsignedString(headerLength)
                + " is not sane for a file of "
                + fileSize
                + " bytes (corrupt or not a safetensors file)");
      }
      ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
      readFully(channel, headerBytes, 8);
      JsonNode header;
      try {
        header = JSON.readTree(headerBytes.array());
      } catch (IOException e) {
        throw new CheckpointException(file, null, "header is not valid JSON: " + e.getMessage(), e);
      }
      if (header == null || !header.isObject()) {
        throw new CheckpointException(file, null, "header is not a JSON object");
      }
      long dataStart = 8 + headerLength;
      long dataSize = fileSize - dataStart;
      Map<String, String> metadata = parseMetadata(file, header.get(METADATA_KEY));
      Map<String, SafetensorsTensor> tensors = parseTensors(file, header, dataSize);
      MappedByteBuffer whole =
          fileSize <= Integer.MAX_VALUE
              ? channel.map(FileChannel.MapMode.READ_ONLY, 0, fileSize)
              : null;
      return new SafetensorsFile(file, channel, dataStart, tensors, metadata, whole);
    } catch (IOException e) {
      throw new CheckpointException(file, null, "cannot read: " + e.getMessage(), e);
    }
  }

  private static Map<String, String> parseMetadata(Path file, JsonNode node) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw new CheckpointException(file, null, METADATA_KEY + " is not a JSON object");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new CheckpointException(
            file, null, METADATA_KEY + " value of '" + e.getKey() + "' is not a string");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return Collections.unmodifiableMap(out);
  }

  private static Map<String, SafetensorsTensor> parseTensors(
      Path file, JsonNode header, long dataSize) {
    Map<String, SafetensorsTensor> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!METADATA_KEY.equals(e.getKey())) {
        out.put(e.getKey(), parseTensor(file, e.getKey(), e.getValue(), dataSize));
      }
    }
    List<SafetensorsTensor> byOffset = new ArrayList<>(out.values());
    byOffset.sort(Comparator.comparingLong(SafetensorsTensor::begin));
    long expectedBegin = 0;
    for (SafetensorsTensor t : byOffset) {
      if (t.begin() != expectedBegin) {
        throw new CheckpointException(
            file,
            t.name(),
            "data_offsets begin at "
                + t.begin()
                + " but the previous tensor ends at "
                + expectedBegin
                + " (overlapping or leaving a gap)");
      }
      expectedBegin = t.end();
    }
    if (expectedBegin != dataSize) {
      throw new CheckpointException(
          file,
          null,
          "tensors cover "
              + expectedBegin
              + " bytes of data but the file holds "
              + dataSize
              + " after the header (truncated or trailing bytes)");
    }
    return Collections.unmodifiableMap(out);
  }

  private static SafetensorsTensor parseTensor(
      Path file, String name, JsonNode node, long dataSize) {
    if (!node.isObject()) {
      throw new CheckpointException(file, name, "header entry is not a JSON object");
    }
    JsonNode dtypeNode = node.get("dtype");
    SafetensorsDtype dtype =
        dtypeNode != null && dtypeNode.isTextual()
            ? SafetensorsDtype.parse(dtypeNode.asText())
            : null;
    if (dtype == null) {
      throw new CheckpointException(file, name, "unknown dtype " + dtypeNode);
    }
    JsonNode shapeNode = node.get("shape");
    if (shapeNode == null || !shapeNode.isArray()) {
      throw new CheckpointException(file, name, "shape is missing or not an array");
    }
    long[] dims = new long[shapeNode.size()];
    long elements = 1;
    for (int i = 0; i < dims.length; i++) {
      JsonNode d = shapeNode.get(i);
      if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0) {
        throw new CheckpointException(file, name, "shape " + shapeNode + " is not non-negative");
      }
      dims[i] = d.asLong();
      try {
        elements = Math.multiplyExact(elements, dims[i]);
      } catch (ArithmeticException ex) {
        throw new CheckpointException(file, name, "shape " + shapeNode + " overflows", ex);
      }
    }
    JsonNode offsets = node.get("data_offsets");
    if (offsets == null
        || !offsets.isArray()
        || offsets.size() != 2
        || !offsets.get(0).isIntegralNumber()
        || !offsets.get(1).isIntegralNumber()) {
      throw new CheckpointException(file, name, "data_offsets is not a [begin, end] pair");
    }
    long begin = offsets.get(0).asLong();
    long end = offsets.get(1).asLong();
    if (begin < 0 || end < begin) {
      throw new CheckpointException(file, name, "data_offsets " + offsets + " are inverted");
    }
    if (end > dataSize) {
      throw new CheckpointException(
          file,
          name,
          "data_offsets "
              + offsets
              + " run past the "
              + dataSize
              + " data bytes in the file (truncated file?)");
    }
    long expectedBytes;
    try {
      expectedBytes = Math.multiplyExact(elements, dtype.byteSize());
    } catch (ArithmeticException ex) {
      throw new CheckpointException(file, name, "shape " + shapeNode + " overflows", ex);
    }
    if (end - begin != expectedBytes) {
      throw new CheckpointException(
          file,
          name,
          "data_offsets "
              + offsets
              + " hold "
              + (end - begin)
              + " bytes but "
              + dtype
              + " of shape "
              + shapeNode
              + " needs "
              + expectedBytes);
    }
    return new SafetensorsTensor(name, dtype, new Shape(dims), begin, end);
  }

  /** The file this reads. */
  public Path path() {
    return path;
  }

  /** The header's {@code __metadata__} (string to string), empty when absent. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** The names of the tensors stored, in header order. */
  public Set<String> names() {
    return tensors.keySet();
  }

  public boolean contains(String name) {
    return tensors.containsKey(name);
  }

  /** The header entry of {@code name}, or null when the file has no such tensor. */
  public SafetensorsTensor tensor(String name) {
    return tensors.get(name);
  }

  /**
   * Loads {@code name} into {@code manager} as {@code dataType}, converting from the stored type
   * (F16 and BF16 widen exactly to F32).
   *
   * @param dataType FLOAT32, FLOAT16 or FLOAT64; DJL 0.35's PyTorch engine aborts the JVM on
   *     BFLOAT16 arrays, so that is refused before any native call
   * @throws CheckpointException when the tensor is absent, of an unsupported dtype, or over 2 GiB
   * @throws IllegalArgumentException for another {@code dataType}
   */
  public NDArray load(String name, NDManager manager, DataType dataType) {
    if (dataType != DataType.FLOAT32
        && dataType != DataType.FLOAT16
        && dataType != DataType.FLOAT64) {
      throw new IllegalArgumentException(
          "cannot load " + name + " as " + dataType + ": only float32, float16 and float64");
    }
    if (closed) {
      throw new CheckpointException(path, name, "file already closed");
    }
    SafetensorsTensor t = tensors.get(name);
    if (t == null) {
      throw new CheckpointException(path, name, "no such tensor in the file");
    }
    if (!t.dtype().loadable()) {
      throw new CheckpointException(
          path, name, "dtype " + t.dtype() + " is not supported (only F32, F16 and BF16 are)");
    }
    if (t.byteSize() > Integer.MAX_VALUE - 8) {
      throw new CheckpointException(
          path, name, t.byteSize() + " bytes exceed the 2 GiB a single buffer can hold");
    }
    // A copy, not the mapping itself: DJL may wrap a direct buffer without copying, and an array
    // over the mapping would outlive close() and be writable on read-only pages.
    int size = (int) t.byteSize();
    boolean direct = t.dtype() == SafetensorsDtype.F32;
    ByteBuffer stored =
        (direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size))
            .order(ByteOrder.LITTLE_ENDIAN);
    copyInto(t, stored);
    stored.rewind();
    ByteBuffer floats = stored;
    if (t.dtype() != SafetensorsDtype.F32) {
      floats = widen(stored, t.dtype(), manager);
    }
    NDArray values = manager.create(floats, t.shape(), DataType.FLOAT32);
    if (dataType == DataType.FLOAT32) {
      return values;
    }
    try (NDArray toClose = values) {
      return toClose.toType(dataType, false);
    }
  }

  /** F16 or BF16 bytes as float32, exactly (every 16-bit value is a float32 value). */
  private static ByteBuffer widen(ByteBuffer halves, SafetensorsDtype dtype, NDManager manager) {
    int n = halves.remaining() / 2;
    ByteBuffer out = manager.allocateDirect(n * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      short h = halves.getShort();
      out.putFloat(
          dtype == SafetensorsDtype.F16 ? HalfFloats.fromFloat16(h) : HalfFloats.fromBFloat16(h));
    }
    return out.rewind();
  }

  private void copyInto(SafetensorsTensor t, ByteBuffer target) {
    long position = dataStart + t.begin();
    int length = (int) t.byteSize();
    if (whole != null) {
      target.put(whole.slice((int) position, length));
      return;
    }
    MappedByteBuffer mapped;
    try {
      mapped = channel.map(FileChannel.MapMode.READ_ONLY, position, length);
    } catch (IOException e) {
      throw new CheckpointException(path, t.name(), "cannot map: " + e.getMessage(), e);
    }
    try {
      target.put(mapped);
    } finally {
      MappedBuffers.unmap(mapped);
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer target, long position)
      throws IOException {
    long at = position;
    while (target.hasRemaining()) {
      int n = channel.read(target, at);
      if (n < 0) {
        throw new IOException("unexpected end of file at byte " + at);
      }
      at += n;
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Already failing with a more useful error.
    }
  }

  /** Unmaps the file and closes its channel; arrays already loaded stay valid. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    MappedBuffers.unmap(whole);
    closeQuietly(channel);
  }
}
