package dev.streamdycoke.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigJsonTest {
  @TempDir Path dir;

  /** The shape of llava-hf/llava-onevision-qwen2-0.5b-ov-hf's config.json (pinpoints cut). */
  private static final String REAL_05B =
      """
      {
        "architectures": ["LlavaOnevisionForConditionalGeneration"],
        "ignore_index": -100,
        "image_grid_pinpoints": [[384, 384], [384, 768]],
        "image_token_index": 151646,
        "model_type": "llava_onevision",
        "projector_hidden_act": "gelu",
        "text_config": {
          "_name_or_path": "Qwen/Qwen2-0.5B-Instruct",
          "architectures": ["Qwen2ForCausalLM"],
          "bos_token_id": 151643,
          "eos_token_id": 151645,
          "hidden_size": 896,
          "intermediate_size": 4864,
          "max_position_embeddings": 32768,
          "max_window_layers": 24,
          "model_type": "qwen2",
          "num_attention_heads": 14,
          "num_hidden_layers": 24,
          "num_key_value_heads": 2,
          "rope_theta": 1000000.0,
          "tie_word_embeddings": true,
          "torch_dtype": "bfloat16",
          "vocab_size": 151936
        },
        "tie_word_embeddings": false,
        "torch_dtype": "float16",
        "use_image_newline_parameter": true,
        "video_token_index": 151647,
        "vision_aspect_ratio": "anyres_max_9",
        "vision_config": {
          "hidden_size": 1152,
          "image_size": 384,
          "intermediate_size": 4304,
          "model_type": "siglip_vision_model",
          "num_attention_heads": 16,
          "num_hidden_layers": 26,
          "patch_size": 14,
          "vision_use_head": false
        },
        "vision_feature_layer": -1,
        "vision_feature_select_strategy": "full"
      }
      """;

  private Path write(String name, String json) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, json);
    return file;
  }

  @Test
  void readsTheReal05bLayoutWithDefaultsForWhatItOmits() throws Exception {
    Path config = write("config.json", REAL_05B);
    Path generation = write("generation_config.json", "{\"eos_token_id\": [151645, 151643]}");
    LlavaOnevisionConfig read = ConfigJson.read(config, generation);
    assertEquals(StandardConfigs.llavaOnevision05b(), read);
    assertEquals(List.of(151645), ConfigJson.read(config).eosTokenIds());
  }

  @Test
  void writtenConfigReadsBackAndUsesTheRealFieldNames() throws Exception {
    Path file = dir.resolve("config.json");
    ConfigJson.write(StandardConfigs.tiny(), file);
    Path generation = dir.resolve("generation_config.json");
    ConfigJson.writeGenerationConfig(StandardConfigs.tiny(), generation);
    assertEquals(StandardConfigs.tiny(), ConfigJson.read(file, generation));
    JsonNode json = new ObjectMapper().readTree(file.toFile());
    assertEquals(
        "LlavaOnevisionForConditionalGeneration", json.get("architectures").get(0).asText());
    assertEquals("float32", json.get("torch_dtype").asText());
    assertEquals(-1, json.get("vision_feature_layer").asInt());
    assertEquals("siglip_vision_model", json.get("vision_config").get("model_type").asText());
    assertEquals("qwen2", json.get("text_config").get("model_type").asText());
    assertEquals(36, json.get("image_grid_pinpoints").size());
    for (String key :
        List.of(
            "image_token_index",
            "video_token_index",
            "projector_hidden_act",
            "vision_feature_select_strategy",
            "tie_word_embeddings")) {
      assertTrue(json.has(key), key);
    }
  }

  @Test
  void acceptsListsAliasesAndTieInTextConfig() throws Exception {
    Path file =
        write(
            "config.json",
            """
            {"model_type": "llava_onevision", "image_token_id": 7, "video_token_id": 8,
             "vision_feature_layer": [-2, -1], "tie_word_embeddings": false,
             "vision_config": {"hidden_size": 32, "intermediate_size": 64, "num_attention_heads": 2,
                               "num_hidden_layers": 2, "image_size": 28, "patch_size": 14},
             "text_config": {"hidden_size": 64, "intermediate_size": 128, "num_attention_heads": 4,
                             "num_key_value_heads": null,
                             "num_hidden_layers": 1, "vocab_size": 300, "eos_token_id": [5, 6],
                             "tie_word_embeddings": true}}
            """);
    LlavaOnevisionConfig c = ConfigJson.read(file, dir.resolve("no-such-generation-config.json"));
    assertEquals(7, c.imageTokenIndex());
    assertEquals(8, c.videoTokenIndex());
    assertEquals(List.of(-2, -1), c.visionFeatureLayers());
    assertEquals(64, c.projectorInputSize());
    assertEquals(List.of(5, 6), c.eosTokenIds());
    assertTrue(c.text().tieWordEmbeddings());
    assertEquals(4, c.text().numKvHeads(), "an explicit null is the head count, as in Qwen2Config");
    assertEquals(10000.0, c.text().ropeTheta());
    assertEquals(1e-6, c.text().rmsNormEps());
    assertEquals("full", c.visionFeatureSelectStrategy());
    assertEquals("gelu", c.projectorHiddenAct());
    assertEquals("gelu_pytorch_tanh", c.vision().hiddenAct());
    assertEquals(1e-6, c.vision().layerNormEps());
    assertEquals(3, c.vision().numChannels());

    Path again = dir.resolve("again.json");
    ConfigJson.write(c, again);
    JsonNode layers = new ObjectMapper().readTree(again.toFile()).get("vision_feature_layer");
    assertTrue(layers.isArray());
    assertEquals(c.vision(), ConfigJson.read(again).vision());
    assertEquals(c.visionFeatureLayers(), ConfigJson.read(again).visionFeatureLayers());
  }

  @Test
  void silentTextConfigTakesQwen2ConfigDefaultsNotTheTopLevel() throws Exception {
    Path file =
        write(
            "config.json",
            "{\"model_type\": \"llava_onevision\", \"tie_word_embeddings\": true,"
                + " \"text_config\": {\"eos_token_id\": 1}}");
    LlavaOnevisionConfig c = ConfigJson.read(file);
    assertFalse(
        c.text().tieWordEmbeddings(), "transformers ties the head by the text config alone");
    assertEquals(32, c.text().numKvHeads(), "Qwen2Config's num_key_value_heads default");
    assertEquals(1152, c.vision().hiddenSize(), "absent vision_config means SigLIP so400m");
    assertEquals(4096, c.text().hiddenSize(), "absent keys take Qwen2Config defaults");
  }

  @Test
  void failuresNameTheFileAndField() throws Exception {
    Path file = write("config.json", "{\"model_type\": \"llava_onevision\", \"text_config\": {}}");
    CheckpointException e = assertThrows(CheckpointException.class, () -> ConfigJson.read(file));
    assertEquals(file, e.file());
    assertTrue(e.getMessage().contains("eos_token_id"), e.getMessage());

    Path bad =
        write("bad.json", "{\"model_type\": \"llava_onevision\", \"vision_feature_layer\": \"x\"}");
    e = assertThrows(CheckpointException.class, () -> ConfigJson.read(bad));
    assertTrue(e.getMessage().contains("vision_feature_layer"), e.getMessage());

    Path notJson = write("broken.json", "{\"model_type\": ");
    e = assertThrows(CheckpointException.class, () -> ConfigJson.read(notJson));
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
  }

  @Test
  void preprocessorConfigReadsBothSizeForms() throws Exception {
    Path hw =
        write(
            "p1.json",
            "{\"size\": {\"height\": 384, \"width\": 384}, \"image_mean\": [0.5, 0.5, 0.5],"
                + " \"image_std\": [0.5, 0.5, 0.5], \"resample\": 3,"
                + " \"rescale_factor\": 0.00392156862745098, \"do_resize\": true}");
    PreprocessorConfig p = PreprocessorConfigJson.read(hw);
    assertEquals(384, p.height());
    assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, p.imageStd());
    Path edge = write("p2.json", "{\"size\": {\"shortest_edge\": 224}, \"do_normalize\": false}");
    PreprocessorConfig q = PreprocessorConfigJson.read(edge);
    assertEquals(224, q.height());
    assertEquals(224, q.width());
    assertFalse(q.doNormalize());
    assertEquals(3, q.resample());
    assertEquals(0.48145466f, q.imageMean()[0]);

    Path written = dir.resolve("preprocessor_config.json");
    PreprocessorConfigJson.write(PreprocessorConfigJson.llavaOnevision(384), written);
    JsonNode json = new ObjectMapper().readTree(written.toFile());
    assertEquals("LlavaOnevisionImageProcessor", json.get("image_processor_type").asText());
    assertEquals(384, json.get("size").get("height").asInt());
    assertEquals(0.00392156862745098, json.get("rescale_factor").asDouble());
    assertEquals(0.5, json.get("image_mean").get(0).asDouble());
  }
}
