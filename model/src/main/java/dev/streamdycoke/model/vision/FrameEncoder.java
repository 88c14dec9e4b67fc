package dev.streamdycoke.model.vision;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.streamdycoke.model.checkpoint.LlavaOnevisionConfig;
import dev.streamdycoke.model.checkpoint.PreprocessorConfig;
import dev.streamdycoke.model.checkpoint.WeightSource;
import java.util.List;

/**
 * Video frames to visual tokens, as LLaVA-OneVision's {@code get_video_features} computes them:
 * preprocess, SigLIP tower (selected hidden states), projector, 2 x 2 bilinear pooling. Each frame
 * becomes {@link #tokensPerFrame()} vectors of {@link #dim()} floats in the language model's
 * embedding space, in row-major order of the pooled grid.
 *
 * <p>All weights live in this encoder's manager until {@link #close()}; no intermediate tensor
 * outlives a call. Not thread-safe: give each thread (operator subtask) its own encoder.
 */
public final class FrameEncoder implements AutoCloseable {
  private final NDManager manager;
  private final ImagePreprocessor preprocessor;
  private final SiglipVisionTower tower;
  private final MultiModalProjector projector;
  private final VideoPooling pooling;
  private final int dim;

  /** A {@code float32} encoder on the CPU. */
  public FrameEncoder(
      LlavaOnevisionConfig config, PreprocessorConfig preprocessing, WeightSource weights) {
    this(config, preprocessing, weights, Device.cpu(), DataType.FLOAT32);
  }

  /**
   * @param device where weights live and the forward pass runs
   * @param dataType {@code FLOAT32} on CPU, {@code FLOAT16} on a GPU, with LayerNorm and softmax
   *     still in {@code float32}; {@code BFLOAT16} is refused because DJL 0.35.1 aborts the JVM
   *     converting to it
   */
  public FrameEncoder(
      LlavaOnevisionConfig config,
      PreprocessorConfig preprocessing,
      WeightSource weights,
      Device device,
      DataType dataType) {
    Ops.checkComputeType(dataType);
    this.preprocessor = new ImagePreprocessor(preprocessing, config.vision());
    this.dim = config.text().hiddenSize();
    this.manager = NDManager.newBaseManager(device);
    try {
      this.tower = new SiglipVisionTower(config, weights, manager, dataType);
      this.projector = new MultiModalProjector(config, weights, manager, dataType);
      this.pooling = new VideoPooling(config.vision().patchesPerSide(), manager, dataType);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** Visual tokens per frame: 196 for LLaVA-OneVision's 27 x 27 grid pooled to 14 x 14. */
  public int tokensPerFrame() {
    return pooling.tokensPerFrame();
  }

  /** Width of a visual token: the language model's hidden size. */
  public int dim() {
    return dim;
  }

  public ImagePreprocessor preprocessor() {
    return preprocessor;
  }

  /**
   * Encodes frames in one batched forward pass.
   *
   * @return {@code [frame][token][dim]}
   */
  public float[][][] encode(List<RgbImage> frames) {
    try (NDManager scratch = manager.newSubManager()) {
      NDArray pixels = preprocessor.toPixels(frames, scratch);
      float[] flat = encodePixels(pixels).toType(DataType.FLOAT32, false).toFloatArray();
      int tokens = tokensPerFrame();
      float[][][] out = new float[frames.size()][tokens][dim];
      int at = 0;
      for (float[][] frame : out) {
        for (float[] token : frame) {
          System.arraycopy(flat, at, token, 0, dim);
          at += dim;
        }
      }
      return out;
    }
  }

  /**
   * Encodes preprocessed pixels.
   *
   * @param pixels {@code [B, 3, H, W]} as {@link ImagePreprocessor#toPixels} makes them
   * @return {@code [B, tokensPerFrame(), dim()]} in the encoder's data type, attached to {@code
   *     pixels}' manager; the caller closes it
   */
  public NDArray encodePixels(NDArray pixels) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray features = tower.forward(pixels);
      NDScope.register(features);
      NDArray projected = projector.forward(features);
      NDScope.register(projected);
      return pooling.apply(projected);
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
