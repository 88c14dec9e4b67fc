package dev.streamdycoke.model.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Hugging Face LLaVA-OneVision {@code config.json} (and the eos ids of its {@code
 * generation_config.json}) read into a {@link LlavaOnevisionConfig}, and written back with the
 * field names of the public {@code llava-hf/llava-onevision-qwen2-*-ov-hf} checkpoints.
 *
 * <p>Keys a file leaves out take the defaults of transformers' {@code LlavaOnevisionConfig}, {@code
 * SiglipVisionConfig} and {@code Qwen2Config}: an absent {@code vision_config} means the SigLIP
 * so400m tower LlavaOnevisionConfig defaults to, while a present one missing a key takes
 * SiglipVisionConfig's default for it; an absent {@code rope_theta} is Qwen2Config's 10000 (real
 * checkpoints say 1000000), an absent {@code num_key_value_heads} Qwen2Config's 32 (not the number
 * of attention heads), and an absent {@code text_config.tie_word_embeddings} Qwen2Config's false,
 * whatever the top-level key says: transformers ties the head by the text config alone.
 */
public final class ConfigJson {
  public static final String MODEL_TYPE = "llava_onevision";
  public static final String VISION_MODEL_TYPE = "siglip_vision_model";
  public static final String TEXT_MODEL_TYPE = "qwen2";
  public static final String ARCHITECTURE = "LlavaOnevisionForConditionalGeneration";

  private ConfigJson() {}

  /** Reads {@code configJson}, taking eos ids from the text config. */
  public static LlavaOnevisionConfig read(Path configJson) {
    return read(configJson, null);
  }

  /**
   * Reads {@code configJson}; eos ids come from {@code generationConfigJson} when that file exists
   * and names them, else from {@code text_config.eos_token_id}.
   *
   * @param generationConfigJson may be null or a file that does not exist
   * @throws CheckpointException naming the file and the field at fault
   */
  public static LlavaOnevisionConfig read(Path configJson, Path generationConfigJson) {
    JsonFields root = new JsonFields(configJson, "", JsonFiles.readObject(configJson));
    root.requireText("model_type", MODEL_TYPE);
    VisionConfig vision = vision(root);
    JsonFields text = root.object("text_config");
    if (text.has("model_type")) {
      text.requireText("model_type", TEXT_MODEL_TYPE);
    }
    TextConfig textConfig = text(root, text);

    List<Integer> layers = root.integers("vision_feature_layer", List.of(-1));
    for (int layer : layers) {
      if (layer < -(vision.numLayers() + 1) || layer > vision.numLayers()) {
        throw root.invalid(
            "vision_feature_layer",
            "names hidden state " + layer + " of a tower with " + vision.numLayers() + " layers");
      }
    }
    String strategy = root.text("vision_feature_select_strategy", "full");
    if (!strategy.equals("full") && !strategy.equals("default")) {
      throw root.invalid(
          "vision_feature_select_strategy", "is '" + strategy + "', not 'full' or 'default'");
    }
    int image = tokenId(root, "image_token_index", "image_token_id", 151646);
    int video = tokenId(root, "video_token_index", "video_token_id", 151647);
    List<Integer> eos = eosTokenIds(root, text, generationConfigJson);
    return new LlavaOnevisionConfig(
        vision,
        textConfig,
        layers,
        strategy,
        root.text("projector_hidden_act", "gelu"),
        video,
        image,
        eos);
  }

  private static VisionConfig vision(JsonFields root) {
    boolean present = root.has("vision_config");
    JsonFields v = root.object("vision_config");
    if (v.has("model_type")) {
      v.requireText("model_type", VISION_MODEL_TYPE);
    }
    // LlavaOnevisionConfig builds SigLIP so400m when there is no vision_config at all.
    VisionConfig config =
        new VisionConfig(
            v.integer("hidden_size", present ? 768 : 1152),
            v.integer("intermediate_size", present ? 3072 : 4304),
            v.integer("num_attention_heads", present ? 12 : 16),
            v.integer("num_hidden_layers", present ? 12 : 26),
            v.integer("image_size", present ? 224 : 384),
            v.integer("patch_size", present ? 16 : 14),
            v.integer("num_channels", 3),
            v.number("layer_norm_eps", 1e-6),
            v.text("hidden_act", "gelu_pytorch_tanh"));
    positive(v, "hidden_size", config.hiddenSize());
    positive(v, "intermediate_size", config.intermediateSize());
    positive(v, "num_attention_heads", config.numHeads());
    positive(v, "num_hidden_layers", config.numLayers());
    positive(v, "patch_size", config.patchSize());
    positive(v, "num_channels", config.numChannels());
    if (config.imageSize() < config.patchSize()) {
      throw v.invalid("image_size", config.imageSize() + " is smaller than one patch");
    }
    if (config.hiddenSize() % config.numHeads() != 0) {
      throw v.invalid("num_attention_heads", "does not divide hidden_size");
    }
    return config;
  }

  private static TextConfig text(JsonFields root, JsonFields t) {
    String act = t.text("hidden_act", "silu");
    if (!act.equals("silu")) {
      throw t.invalid("hidden_act", "is '" + act + "' but Qwen2 here supports only 'silu'");
    }
    int heads = t.integer("num_attention_heads", 32);
    // As transformers: the head is tied by the text config's own key (Qwen2ForCausalLM ties its
    // lm_head by it), whose Qwen2Config default is false; the top-level key is not consulted.
    boolean tie = t.bool("tie_word_embeddings", false);
    // Qwen2Config's signature defaults num_key_value_heads to 32; only an explicit null falls back
    // to num_attention_heads (its backward-compatibility branch).
    JsonNode kvHeads = t.get("num_key_value_heads");
    int kv = kvHeads != null && kvHeads.isNull() ? heads : t.integer("num_key_value_heads", 32);
    TextConfig config =
        new TextConfig(
            t.integer("hidden_size", 4096),
            t.integer("intermediate_size", 22016),
            heads,
            kv,
            t.integer("num_hidden_layers", 32),
            t.integer("vocab_size", 151936),
            t.number("rms_norm_eps", 1e-6),
            t.number("rope_theta", 10000.0),
            t.integer("max_position_embeddings", 32768),
            tie);
    positive(t, "hidden_size", config.hiddenSize());
    positive(t, "intermediate_size", config.intermediateSize());
    positive(t, "num_attention_heads", config.numHeads());
    positive(t, "num_key_value_heads", config.numKvHeads());
    positive(t, "num_hidden_layers", config.numLayers());
    positive(t, "vocab_size", config.vocabSize());
    if (config.hiddenSize() % config.numHeads() != 0) {
      throw t.invalid("num_attention_heads", "does not divide hidden_size");
    }
    if (config.numHeads() % config.numKvHeads() != 0) {
      throw t.invalid("num_key_value_heads", "does not divide num_attention_heads");
    }
    return config;
  }

  private static void positive(JsonFields fields, String key, int value) {
    if (value <= 0) {
      throw fields.invalid(key, "must be positive, is " + value);
    }
  }

  private static int tokenId(JsonFields root, String key, String alias, int fallback) {
    return root.has(key) ? root.integer(key, fallback) : root.integer(alias, fallback);
  }

  private static List<Integer> eosTokenIds(JsonFields root, JsonFields text, Path generation) {
    if (generation != null && Files.isRegularFile(generation)) {
      JsonFields g = new JsonFields(generation, "", JsonFiles.readObject(generation));
      if (g.has("eos_token_id")) {
        return g.integers("eos_token_id", null);
      }
    }
    if (text.has("eos_token_id")) {
      return text.integers("eos_token_id", null);
    }
    if (root.has("eos_token_id")) {
      return root.integers("eos_token_id", null);
    }
    throw text.invalid(
        "eos_token_id", "is missing here and in generation_config.json; generation cannot stop");
  }

  /** Writes {@code config} as a float32 checkpoint's {@code config.json}. */
  public static void write(LlavaOnevisionConfig config, Path configJson) throws IOException {
    JsonFiles.write(toJson(config, "float32"), configJson);
  }

  /**
   * The {@code config.json} of {@code config}, with the keys the public llava-hf checkpoints have,
   * sorted as transformers sorts them.
   *
   * @param torchDtype the dtype the weights are stored in ({@code float32}, {@code bfloat16}...)
   */
  public static ObjectNode toJson(LlavaOnevisionConfig config, String torchDtype) {
    ObjectNode root = JsonFiles.MAPPER.createObjectNode();
    root.putArray("architectures").add(ARCHITECTURE);
    root.put("model_type", MODEL_TYPE);
    root.put("image_token_index", config.imageTokenIndex());
    root.put("video_token_index", config.videoTokenIndex());
    root.put("projector_hidden_act", config.projectorHiddenAct());
    root.put("vision_feature_select_strategy", config.visionFeatureSelectStrategy());
    List<Integer> layers = config.visionFeatureLayers();
    if (layers.size() == 1) {
      root.put("vision_feature_layer", layers.get(0));
    } else {
      ArrayNode array = root.putArray("vision_feature_layer");
      layers.forEach(array::add);
    }
    root.put("vision_aspect_ratio", "anyres_max_9");
    root.put("use_image_newline_parameter", true);
    root.set("image_grid_pinpoints", gridPinpoints(config.vision().imageSize()));
    root.put("tie_word_embeddings", config.text().tieWordEmbeddings());
    root.put("torch_dtype", torchDtype);
    root.set("vision_config", visionJson(config.vision()));
    root.set("text_config", textJson(config, torchDtype));
    return JsonFiles.sorted(root);
  }

  /**
   * The any-resolution grid of the public checkpoints: every 1..6 by 1..6 multiple of the tower's
   * image size ([[384, 384], [384, 768], ...] at 384 px).
   */
  static ArrayNode gridPinpoints(int imageSize) {
    ArrayNode grid = JsonFiles.MAPPER.createArrayNode();
    for (int i = 1; i <= 6; i++) {
      for (int j = 1; j <= 6; j++) {
        grid.addArray().add(i * imageSize).add(j * imageSize);
      }
    }
    return grid;
  }

  private static ObjectNode visionJson(VisionConfig v) {
    ObjectNode out = JsonFiles.MAPPER.createObjectNode();
    out.put("model_type", VISION_MODEL_TYPE);
    out.put("hidden_size", v.hiddenSize());
    out.put("intermediate_size", v.intermediateSize());
    out.put("num_attention_heads", v.numHeads());
    out.put("num_hidden_layers", v.numLayers());
    out.put("image_size", v.imageSize());
    out.put("patch_size", v.patchSize());
    out.put("num_channels", v.numChannels());
    out.put("layer_norm_eps", v.layerNormEps());
    out.put("hidden_act", v.hiddenAct());
    out.put("vision_use_head", false);
    return out;
  }

  private static ObjectNode textJson(LlavaOnevisionConfig config, String torchDtype) {
    TextConfig t = config.text();
    ObjectNode out = JsonFiles.MAPPER.createObjectNode();
    out.putArray("architectures").add("Qwen2ForCausalLM");
    out.put("model_type", TEXT_MODEL_TYPE);
    out.put("hidden_act", "silu");
    out.put("hidden_size", t.hiddenSize());
    out.put("intermediate_size", t.intermediateSize());
    out.put("num_attention_heads", t.numHeads());
    out.put("num_key_value_heads", t.numKvHeads());
    out.put("num_hidden_layers", t.numLayers());
    out.put("max_window_layers", t.numLayers());
    out.put("vocab_size", t.vocabSize());
    out.put("rms_norm_eps", t.rmsNormEps());
    out.put("rope_theta", t.ropeTheta());
    out.put("max_position_embeddings", t.maxPositions());
    out.put("use_sliding_window", false);
    out.put("tie_word_embeddings", t.tieWordEmbeddings());
    out.put("eos_token_id", config.eosTokenIds().get(0));
    out.put("torch_dtype", torchDtype);
    return out;
  }

  /** Writes the {@code generation_config.json} naming {@code config}'s eos ids. */
  public static void writeGenerationConfig(LlavaOnevisionConfig config, Path file)
      throws IOException {
    ObjectNode out = JsonFiles.MAPPER.createObjectNode();
    out.put("_from_model_config", true);
    List<Integer> eos = config.eosTokenIds();
    if (eos.size() == 1) {
      out.put("eos_token_id", eos.get(0));
    } else {
      ArrayNode array = out.putArray("eos_token_id");
      eos.forEach(array::add);
    }
    JsonFiles.write(JsonFiles.sorted(out), file);
  }
}
