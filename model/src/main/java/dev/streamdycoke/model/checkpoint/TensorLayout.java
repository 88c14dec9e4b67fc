package dev.streamdycoke.model.checkpoint;

import ai.djl.ndarray.types.Shape;
import dev.streamdycoke.model.checkpoint.TensorSpec.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every tensor of a LLaVA-OneVision checkpoint, named as in the public llava-onevision-qwen2
 * checkpoints converted for transformers, with the shape the config implies. The loader checks a
 * checkpoint against it, and the tiny-checkpoint writer and random weights follow it, so all three
 * agree on one layout.
 */
public final class TensorLayout {
  public static final String VISION = "vision_tower.vision_model.";
  public static final String PROJECTOR = "multi_modal_projector.";
  public static final String LANGUAGE = "language_model.model.";
  public static final String IMAGE_NEWLINE = "image_newline";
  public static final String LM_HEAD = "language_model.lm_head.weight";

  private final List<TensorSpec> specs;

  private TensorLayout(List<TensorSpec> specs) {
    this.specs = Collections.unmodifiableList(specs);
  }

  /** The tensors {@code config} implies, vision tower first, in a stable order. */
  public static TensorLayout of(LlavaOnevisionConfig config) {
    List<TensorSpec> out = new ArrayList<>();
    addVision(config.vision(), out);
    int t = config.text().hiddenSize();
    matrix(out, PROJECTOR + "linear_1", t, config.projectorInputSize());
    matrix(out, PROJECTOR + "linear_2", t, t);
    out.add(new TensorSpec(IMAGE_NEWLINE, new Shape(t), Kind.BIAS, true));
    addLanguage(config.text(), out);
    return new TensorLayout(out);
  }

  private static void addVision(VisionConfig v, List<TensorSpec> out) {
    int h = v.hiddenSize();
    String e = VISION + "embeddings.";
    out.add(
        new TensorSpec(
            e + "patch_embedding.weight",
            new Shape(h, v.numChannels(), v.patchSize(), v.patchSize()),
            Kind.MATRIX,
            true));
    out.add(new TensorSpec(e + "patch_embedding.bias", new Shape(h), Kind.BIAS, true));
    out.add(
        new TensorSpec(
            e + "position_embedding.weight", new Shape(v.numPatches(), h), Kind.MATRIX, true));
    for (int i = 0; i < v.numLayers(); i++) {
      String l = VISION + "encoder.layers." + i + ".";
      for (String p : new String[] {"q_proj", "k_proj", "v_proj", "out_proj"}) {
        matrix(out, l + "self_attn." + p, h, h);
      }
      layerNorm(out, l + "layer_norm1", h, true);
      layerNorm(out, l + "layer_norm2", h, true);
      matrix(out, l + "mlp.fc1", v.intermediateSize(), h);
      matrix(out, l + "mlp.fc2", h, v.intermediateSize());
    }
    layerNorm(out, VISION + "post_layernorm", h, false);
  }

  private static void addLanguage(TextConfig c, List<TensorSpec> out) {
    int t = c.hiddenSize();
    int q = c.numHeads() * c.headDim();
    int kv = c.numKvHeads() * c.headDim();
    out.add(
        new TensorSpec(
            LANGUAGE + "embed_tokens.weight", new Shape(c.vocabSize(), t), Kind.MATRIX, true));
    for (int i = 0; i < c.numLayers(); i++) {
      String l = LANGUAGE + "layers." + i + ".";
      matrix(out, l + "self_attn.q_proj", q, t);
      matrix(out, l + "self_attn.k_proj", kv, t);
      matrix(out, l + "self_attn.v_proj", kv, t);
      out.add(new TensorSpec(l + "self_attn.o_proj.weight", new Shape(t, q), Kind.MATRIX, true));
      out.add(
          new TensorSpec(
              l + "mlp.gate_proj.weight", new Shape(c.intermediateSize(), t), Kind.MATRIX, true));
      out.add(
          new TensorSpec(
              l + "mlp.up_proj.weight", new Shape(c.intermediateSize(), t), Kind.MATRIX, true));
      out.add(
          new TensorSpec(
              l + "mlp.down_proj.weight", new Shape(t, c.intermediateSize()), Kind.MATRIX, true));
      out.add(new TensorSpec(l + "input_layernorm.weight", new Shape(t), Kind.NORM_SCALE, true));
      out.add(
          new TensorSpec(
              l + "post_attention_layernorm.weight", new Shape(t), Kind.NORM_SCALE, true));
    }
    out.add(new TensorSpec(LANGUAGE + "norm.weight", new Shape(t), Kind.NORM_SCALE, true));
    if (!c.tieWordEmbeddings()) {
      out.add(new TensorSpec(LM_HEAD, new Shape(c.vocabSize(), t), Kind.MATRIX, true));
    }
  }

  private static void matrix(List<TensorSpec> out, String prefix, int rows, int cols) {
    out.add(new TensorSpec(prefix + ".weight", new Shape(rows, cols), Kind.MATRIX, true));
    out.add(new TensorSpec(prefix + ".bias", new Shape(rows), Kind.BIAS, true));
  }

  private static void layerNorm(List<TensorSpec> out, String prefix, int width, boolean required) {
    out.add(new TensorSpec(prefix + ".weight", new Shape(width), Kind.NORM_SCALE, required));
    out.add(new TensorSpec(prefix + ".bias", new Shape(width), Kind.NORM_SHIFT, required));
  }

  public List<TensorSpec> specs() {
    return specs;
  }
}
