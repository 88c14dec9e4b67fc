package dev.streamdycoke.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamdycoke.model.tokenizer.ChatPrompt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  private static final long SEED = 42;
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

  @Test
  void unshardedTinyCheckpointLoadsExactlyTheRandomWeights() {
    TinyCheckpointWriter.writeTiny(dir);
    assertTrue(Files.exists(dir.resolve("model.safetensors")));
    try (Checkpoint checkpoint = Checkpoint.open(dir)) {
      assertEquals(StandardConfigs.tiny(), checkpoint.config());
      assertEquals(dir, checkpoint.directory());
      assertEquals(ChatPrompt.TEMPLATE, checkpoint.chatTemplate());
      assertEquals(dir.resolve("chat_template.json"), checkpoint.chatTemplateFile());
      assertEquals(dir.resolve("tokenizer.json"), checkpoint.tokenizerFile());
      PreprocessorConfig p = checkpoint.preprocessor();
      assertEquals(55, p.height());
      assertEquals(55, p.width());
      assertEquals(3, p.resample());
      assertEquals(1.0 / 255, p.rescaleFactor(), 1e-12);
      assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, p.imageMean());
      assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, p.imageStd());
      assertTrue(p.doResize() && p.doRescale() && p.doNormalize());
      assertMatchesRandomWeights(checkpoint.weights(), StandardConfigs.tiny());
    }
  }

  @Test
  void shardedCheckpointLoadsTheSameTensors() throws Exception {
    Path single = dir.resolve("single");
    Path sharded = dir.resolve("sharded");
    TinyCheckpointWriter.write(single, StandardConfigs.tiny(), SEED, 1);
    TinyCheckpointWriter.write(sharded, StandardConfigs.tiny(), SEED, 3);
    try (Stream<Path> files = Files.list(sharded)) {
      assertEquals(
          List.of(
              "model-00001-of-00003.safetensors",
              "model-00002-of-00003.safetensors",
              "model-00003-of-00003.safetensors"),
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> n.startsWith("model-"))
              .sorted()
              .toList());
    }
    assertFalse(Files.exists(sharded.resolve("model.safetensors")));
    JsonNode index =
        new ObjectMapper().readTree(sharded.resolve("model.safetensors.index.json").toFile());
    long tensorBytes = 0;
    for (TensorSpec spec : TensorLayout.of(StandardConfigs.tiny()).specs()) {
      tensorBytes += spec.shape().size() * 4;
      assertTrue(index.get("weight_map").has(spec.name()), spec.name());
    }
    assertEquals(tensorBytes, index.get("metadata").get("total_size").asLong());

    try (Checkpoint a = Checkpoint.open(single);
        Checkpoint b = Checkpoint.open(sharded);
        NDManager scope = manager.newSubManager()) {
      assertMatchesRandomWeights(b.weights(), StandardConfigs.tiny());
      for (TensorSpec spec : TensorLayout.of(StandardConfigs.tiny()).specs()) {
        NDArray x = a.weights().load(spec.name(), spec.shape(), scope, DataType.FLOAT32);
        NDArray y = b.weights().load(spec.name(), spec.shape(), scope, DataType.FLOAT32);
        assertArrayEquals(x.toFloatArray(), y.toFloatArray(), spec.name());
      }
    }
  }

  @Test
  void bfloat16CheckpointLoadsAsRoundedFloat32() {
    TinyCheckpointWriter.write(dir, StandardConfigs.tiny(), SEED, 2, SafetensorsDtype.BF16);
    RandomWeights random = new RandomWeights(SEED);
    try (Checkpoint checkpoint = Checkpoint.open(dir);
        NDManager scope = manager.newSubManager()) {
      for (TensorSpec spec : TensorLayout.of(checkpoint.config()).specs()) {
        float[] expected = Weights.nearestBFloat16(random.values(spec));
        NDArray loaded =
            checkpoint.weights().load(spec.name(), spec.shape(), scope, DataType.FLOAT32);
        assertArrayEquals(expected, loaded.toFloatArray(), spec.name());
      }
    }
  }

  @Test
  void newStyleTensorNamesLoad() throws Exception {
    LlavaOnevisionConfig untied = untied();
    TinyCheckpointWriter.write(dir, untied, SEED, 1);
    Weights.rewrite(
        dir.resolve("model.safetensors"),
        untied,
        SEED,
        spec -> new Weights.Stored(newStyle(spec.name()), spec.shape()));
    try (SafetensorsFile file = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
      assertTrue(file.contains("lm_head.weight"));
      assertTrue(file.contains("model.language_model.embed_tokens.weight"));
      assertFalse(file.contains(TensorLayout.LM_HEAD));
    }
    try (Checkpoint checkpoint = Checkpoint.open(dir)) {
      assertTrue(checkpoint.weights().contains(TensorLayout.LM_HEAD));
      assertMatchesRandomWeights(checkpoint.weights(), untied);
    }
  }

  private static LlavaOnevisionConfig untied() {
    LlavaOnevisionConfig tiny = StandardConfigs.tiny();
    TextConfig t = tiny.text();
    TextConfig text =
        new TextConfig(
            t.hiddenSize(),
            t.intermediateSize(),
            t.numHeads(),
            t.numKvHeads(),
            t.numLayers(),
            t.vocabSize(),
            t.rmsNormEps(),
            t.ropeTheta(),
            t.maxPositions(),
            false);
    return tiny.withText(text);
  }

  /** The names transformers 4.52+ save. */
  static String newStyle(String canonical) {
    if (canonical.equals(TensorLayout.LM_HEAD)) {
      return "lm_head.weight";
    }
    if (canonical.startsWith("language_model.model.")) {
      return "model.language_model." + canonical.substring("language_model.model.".length());
    }
    return "model." + canonical;
  }

  private static void assertMatchesRandomWeights(
      WeightSource weights, LlavaOnevisionConfig config) {
    RandomWeights random = new RandomWeights(SEED);
    try (NDManager scope = manager.newSubManager()) {
      for (TensorSpec spec : TensorLayout.of(config).specs()) {
        assertTrue(weights.contains(spec.name()), spec.name());
        NDArray loaded = weights.load(spec.name(), spec.shape(), scope, DataType.FLOAT32);
        assertEquals(spec.shape(), loaded.getShape());
        assertArrayEquals(random.values(spec), loaded.toFloatArray(), spec.name());
      }
    }
  }
}
