package dev.streamdycoke.model.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.streamdycoke.model.checkpoint.LlavaOnevisionConfig;
import dev.streamdycoke.model.checkpoint.TensorLayout;
import dev.streamdycoke.model.checkpoint.VisionConfig;
import dev.streamdycoke.model.checkpoint.WeightSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The SigLIP vision tower as LLaVA-OneVision uses it: patch embedding plus learned positions, then
 * encoder layers, returning the hidden states {@code config.visionFeatureLayers} select ({@code
 * hidden_states[0]} is the embeddings' output, {@code hidden_states[i]} the output of layer {@code
 * i}), concatenated on the feature axis. As in transformers these are taken before {@code
 * post_layernorm}, which is therefore neither loaded nor applied, and layers past the deepest
 * selected one are neither loaded nor run.
 *
 * <p>Weights live in a manager this tower owns until {@link #close()}.
 */
public final class SiglipVisionTower implements AutoCloseable {
  private final VisionConfig vision;
  private final NDManager manager;
  private final DataType dataType;
  private final int[] selected;
  private final NDArray patchWeight;
  private final NDArray patchBias;
  private final NDArray positions;
  private final List<SiglipEncoderLayer> layers = new ArrayList<>();

  /**
   * Loads the tower's weights into a sub-manager of {@code parent}, on its device.
   *
   * @param dataType {@code FLOAT32} on CPU, {@code FLOAT16} on a GPU ({@code BFLOAT16} is refused:
   *     DJL 0.35.1 aborts the JVM converting to it)
   * @throws IllegalArgumentException for a feature layer out of range or a select strategy that
   *     would drop a patch (SigLIP has no CLS token, so only {@code full} keeps the grid)
   */
  public SiglipVisionTower(
      LlavaOnevisionConfig config, WeightSource weights, NDManager parent, DataType dataType) {
    this.vision = config.vision();
    this.dataType = Ops.checkComputeType(dataType);
    this.selected = resolveLayers(config.visionFeatureLayers(), vision.numLayers());
    if (!"full".equals(config.visionFeatureSelectStrategy())) {
      throw new IllegalArgumentException(
          "vision_feature_select_strategy "
              + config.visionFeatureSelectStrategy()
              + " drops the first patch of a SigLIP grid;"
              + " LLaVA-OneVision video needs \"full\"");
    }
    this.manager = parent.newSubManager();
    try {
      String e = TensorLayout.VISION + "embeddings.";
      int h = vision.hiddenSize();
      int c = vision.numChannels();
      int p = vision.patchSize();
      // The conv kernel flattened in (channel, row, column) order, the order unfold produces.
      NDArray conv =
          Ops.load(weights, e + "patch_embedding.weight", new Shape(h, c, p, p), manager, dataType);
      patchWeight = conv.reshape(h, (long) c * p * p);
      NDScope.unregister(patchWeight);
      patchBias = Ops.load(weights, e + "patch_embedding.bias", new Shape(h), manager, dataType);
      positions =
          Ops.load(
              weights,
              e + "position_embedding.weight",
              new Shape(vision.numPatches(), h),
              manager,
              dataType);
      int depth = 0;
      for (int index : selected) {
        depth = Math.max(depth, index);
      }
      for (int i = 0; i < depth; i++) {
        layers.add(new SiglipEncoderLayer(vision, i, weights, manager, dataType));
      }
    } catch (RuntimeException ex) {
      manager.close();
      throw ex;
    }
  }

  /**
   * Python-style indices into {@code hidden_states} (length {@code numLayers + 1}), made positive.
   */
  static int[] resolveLayers(List<Integer> featureLayers, int numLayers) {
    if (featureLayers.isEmpty()) {
      throw new IllegalArgumentException("no vision feature layer selected");
    }
    int[] out = new int[featureLayers.size()];
    for (int i = 0; i < out.length; i++) {
      int raw = featureLayers.get(i);
      int index = raw < 0 ? raw + numLayers + 1 : raw;
      if (index < 0 || index > numLayers) {
        throw new IllegalArgumentException(
            "vision feature layer "
                + raw
                + " is outside the "
                + (numLayers + 1)
                + " hidden states of a "
                + numLayers
                + "-layer tower");
      }
      out[i] = index;
    }
    return out;
  }

  /** How many encoder layers a forward pass runs: up to the deepest selected hidden state. */
  public int layersRun() {
    return layers.size();
  }

  /** Width of the returned features: the hidden size times the number of selected layers. */
  public int outputSize() {
    return vision.hiddenSize() * selected.length;
  }

  /**
   * Encodes a batch of images.
   *
   * @param pixels {@code [B, C, H, W]} with {@code H / patch} and {@code W / patch} equal to the
   *     tower's grid side (trailing pixels past whole patches are ignored, as the strided
   *     convolution ignores them); any float type, converted to the tower's
   * @return {@code [B, numPatches, outputSize()]} in the tower's type, attached to {@code pixels}'
   *     manager; the caller closes it
   */
  /** Whether hidden state {@code index} (0 = embeddings) is one the projector reads. */
  private boolean isPicked(int index) {
    for (int s : selected) {
      if (s == index) {
        return true;
      }
    }
    return false;
  }

  public NDArray forward(NDArray pixels) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray x = embed(pixels);
      NDArray[] picked = new NDArray[selected.length];
      pick(picked, 0, x);
      for (int i = 0; i < layers.size(); i++) {
        NDArray next;
        // A scope per layer: a batch's attention maps are hundreds of MB at full size, and
        // keeping every layer's until the pass ends exhausts memory.
        try (NDScope layerScope = new NDScope()) {
          layerScope.suppressNotUsedWarning();
          next = layers.get(i).forward(x);
          NDScope.unregister(next);
        }
        NDScope.register(next);
        if (!isPicked(i)) {
          x.close();
        }
        x = next;
        pick(picked, i + 1, x);
      }
      NDArray out = picked.length == 1 ? picked[0] : NDArrays.concat(new NDList(picked), -1);
      out.attach(pixels.getManager());
      NDScope.unregister(out);
      return out;
    }
  }

  private void pick(NDArray[] picked, int hiddenIndex, NDArray state) {
    for (int i = 0; i < selected.length; i++) {
      if (selected[i] == hiddenIndex) {
        picked[i] = state;
      }
    }
  }

  /**
   * {@code SiglipVisionEmbeddings}: the stride-{@code patch} convolution as unfold plus matmul (the
   * same sums in the same layout), plus the learned position of every patch. The caller's scope
   * owns the result.
   */
  NDArray embed(NDArray pixels) {
    Shape shape = pixels.getShape();
    int g = vision.patchesPerSide();
    int p = vision.patchSize();
    int c = vision.numChannels();
    if (shape.dimension() != 4
        || shape.get(1) != c
        || shape.get(2) / p != g
        || shape.get(3) / p != g) {
      throw new IllegalArgumentException(
          "pixels must be [B, "
              + c
              + ", H, W] with H / "
              + p
              + " = W / "
              + p
              + " = "
              + g
              + ", got "
              + shape);
    }
    long batch = shape.get(0);
    int side = g * p;
    NDArray x = pixels.toType(dataType, false);
    if (!x.getDevice().equals(manager.getDevice())) {
      x = x.toDevice(manager.getDevice(), false);
    }
    if (shape.get(2) != side || shape.get(3) != side) {
      x = x.get(new NDIndex(":, :, :{}, :{}", side, side));
    }
    NDArray patches =
        x.reshape(batch, c, g, p, g, p)
            .transpose(0, 2, 4, 1, 3, 5)
            .reshape(batch, (long) g * g, (long) c * p * p);
    return Ops.linear(patches, patchWeight, patchBias).add(positions);
  }

  @Override
  public void close() {
    manager.close();
  }
}
