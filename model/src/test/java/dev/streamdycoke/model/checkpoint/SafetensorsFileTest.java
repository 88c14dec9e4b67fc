package dev.streamdycoke.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {
  private static NDManager manager;
  @TempDir Path dir;

  @BeforeAll
  static void startEngine() {
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void stopEngine() {
    manager.close();
  }

  private static float[] sample(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) random.nextDouble(-3, 3);
    }
    return out;
  }

  @Test
  void headerFollowsTheReferenceFormat() throws Exception {
    Path file = dir.resolve("t.safetensors");
    new SafetensorsWriter()
        .add("b", new Shape(3), new float[] {1, 2, 3})
        .add("a", new Shape(2, 2), new float[] {1, 2, 3, 4})
        .write(file);
    byte[] bytes = Files.readAllBytes(file);
    long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, headerLength % 8, "header padded to a multiple of 8");
    String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
    assertEquals(
        "{\"__metadata__\":{\"format\":\"pt\"},"
            + "\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[16,28]}}",
        header.stripTrailing());
    assertEquals(8 + headerLength + 28, bytes.length);
    JsonNode parsed = new ObjectMapper().readTree(header);
    List<String> keys = new ArrayList<>();
    for (Iterator<String> it = parsed.fieldNames(); it.hasNext(); ) {
      keys.add(it.next());
    }
    assertEquals(List.of("__metadata__", "a", "b"), keys);

    try (SafetensorsFile read = SafetensorsFile.open(file)) {
      assertEquals("pt", read.metadata().get("format"));
      assertEquals(new Shape(2, 2), read.tensor("a").shape());
      try (NDArray a = read.load("a", manager, DataType.FLOAT32)) {
        assertArrayEquals(new float[] {1, 2, 3, 4}, a.toFloatArray());
      }
    }
  }

  @Test
  void halfPrecisionFilesWidenToFloat32WithPyTorchsRounding() throws Exception {
    float[] values = sample(4096, 7);
    float[] special = {
      0f,
      -0f,
      1f,
      65504f,
      65520f,
      1e-8f,
      6.1e-5f,
      5.96e-8f,
      2.98e-8f,
      1e30f,
      -1e30f,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      1.0009765625f,
      1.00048828125f,
      1.00146484375f,
      3.3895314e38f
    };
    for (SafetensorsDtype dtype :
        new SafetensorsDtype[] {SafetensorsDtype.F16, SafetensorsDtype.BF16}) {
      Path file = dir.resolve(dtype + ".safetensors");
      new SafetensorsWriter(dtype)
          .add("random", new Shape(64, 64), values)
          .add("special", new Shape(special.length), special)
          .write(file);
      try (SafetensorsFile read = SafetensorsFile.open(file);
          NDManager scope = manager.newSubManager()) {
        assertEquals(dtype, read.tensor("random").dtype());
        for (String name : List.of("random", "special")) {
          float[] original = name.equals("random") ? values : special;
          NDArray loaded = read.load(name, scope, DataType.FLOAT32);
          assertEquals(DataType.FLOAT32, loaded.getDataType());
          float[] expected =
              dtype == SafetensorsDtype.BF16
                  ? Weights.nearestBFloat16(original)
                  : scope
                      .create(original)
                      .toType(DataType.FLOAT16, false)
                      .toType(DataType.FLOAT32, false)
                      .toFloatArray();
          assertArrayEquals(expected, loaded.toFloatArray(), dtype + " " + name);
        }
        if (dtype == SafetensorsDtype.F16) {
          NDArray asStored = read.load("random", scope, DataType.FLOAT16);
          assertEquals(DataType.FLOAT16, asStored.getDataType());
        } else {
          assertThrows(
              IllegalArgumentException.class, () -> read.load("random", scope, DataType.BFLOAT16));
        }
      }
    }
  }

  @Test
  void rejectsUnsupportedDtypeOnLoad() throws Exception {
    Path file = dir.resolve("i64.safetensors");
    writeRaw(file, "{\"x\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}", 16);
    try (SafetensorsFile read = SafetensorsFile.open(file)) {
      CheckpointException e =
          assertThrows(CheckpointException.class, () -> read.load("x", manager, DataType.FLOAT32));
      assertTrue(e.getMessage().contains("I64"), e.getMessage());
      assertEquals("x", e.tensor());
    }
  }

  @Test
  void rejectsInconsistentHeaders() throws Exception {
    assertRejected("{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, "x");
    assertRejected("{\"x\":{\"dtype\":\"Q4\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "x");
    assertRejected("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4, "x");
    assertRejected("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}", 8, null);
    assertRejected(
        "{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
            + "\"y\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
        8,
        null);
    assertRejected("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8, null);
  }

  private void assertRejected(String header, int dataBytes, String tensor) throws Exception {
    Path file = dir.resolve("bad.safetensors");
    writeRaw(file, header, dataBytes);
    CheckpointException e =
        assertThrows(CheckpointException.class, () -> SafetensorsFile.open(file).close());
    assertEquals(file, e.file());
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    if (tensor != null) {
      assertEquals(tensor, e.tensor(), e.getMessage());
    }
  }

  private static void writeRaw(Path file, String header, int dataBytes) throws Exception {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer out =
        ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(json.length).put(json);
    Files.write(file, out.array());
  }
}
