package dev.streamdycoke.model;

import dev.streamdycoke.model.checkpoint.Checkpoint;
import dev.streamdycoke.model.checkpoint.LlavaOnevisionConfig;
import dev.streamdycoke.model.checkpoint.PreprocessorConfig;
import dev.streamdycoke.model.checkpoint.RecordingWeightSource;
import dev.streamdycoke.model.checkpoint.WeightSource;
import dev.streamdycoke.model.vision.FrameEncoder;
import java.nio.file.Path;
import java.util.Set;

/**
 * The vision half of LLaVA-OneVision, alone: SigLIP tower, projector and pooling, what an encode
 * subtask needs to turn frames into visual tokens. None of the language model's tensors are read
 * (for llava-onevision-qwen2-0.5b, 0.4 B of its 0.9 B parameters).
 *
 * <pre>{@code
 * try (VisionModel vision = VisionModel.load(dir, ModelOptions.cpu())) {
 *   float[][][] tokens = vision.encoder().encode(frames);   // [frame][196][D]
 * }
 * }</pre>
 *
 * <p>Not thread-safe: a subtask uses it from its own thread.
 */
public final class VisionModel implements AutoCloseable {
  private final LlavaOnevisionConfig config;
  private final FrameEncoder encoder;
  private final Set<String> tensors;
  private final long weightBytes;
  private final AutoCloseable resources;

  private VisionModel(
      LlavaOnevisionConfig config,
      FrameEncoder encoder,
      RecordingWeightSource loaded,
      AutoCloseable resources) {
    this.config = config;
    this.encoder = encoder;
    this.tensors = loaded.tensors();
    this.weightBytes = loaded.bytes();
    this.resources = resources;
  }

  /**
   * Loads the vision tower, projector and pooling of a checkpoint directory in Hugging Face layout;
   * the whole checkpoint is validated first.
   *
   * @throws dev.streamdycoke.model.checkpoint.CheckpointException when the checkpoint is unusable
   */
  public static VisionModel load(Path directory, ModelOptions options) {
    Checkpoint checkpoint = Checkpoint.open(directory);
    try {
      // The checkpoint stays open with the model: tensors created from its mapped files may
      // still refer to them.
      return create(
          checkpoint.config(),
          checkpoint.preprocessor(),
          checkpoint.weights(),
          options,
          checkpoint);
    } catch (RuntimeException e) {
      Closeables.closeQuietly(checkpoint);
      throw e;
    }
  }

  /** The vision half of weights that are not in a directory (random weights, benchmarks). */
  public static VisionModel fromWeights(
      LlavaOnevisionConfig config,
      PreprocessorConfig preprocessing,
      WeightSource weights,
      ModelOptions options) {
    return create(config, preprocessing, weights, options, () -> {});
  }

  private static VisionModel create(
      LlavaOnevisionConfig config,
      PreprocessorConfig preprocessing,
      WeightSource weights,
      ModelOptions options,
      AutoCloseable resources) {
    RecordingWeightSource recording = new RecordingWeightSource(weights);
    FrameEncoder encoder =
        new FrameEncoder(config, preprocessing, recording, options.device(), options.dataType());
    return new VisionModel(config, encoder, recording, resources);
  }

  public LlavaOnevisionConfig config() {
    return config;
  }

  /** Frames to visual tokens, batched. */
  public FrameEncoder encoder() {
    return encoder;
  }

  /** Visual tokens per frame (196). */
  public int tokensPerFrame() {
    return encoder.tokensPerFrame();
  }

  /** Width of a visual token: the language model's hidden size. */
  public int dim() {
    return encoder.dim();
  }

  /** Canonical names of the checkpoint tensors this part loaded. */
  public Set<String> loadedTensors() {
    return tensors;
  }

  /** Bytes of the weights this part loaded, in the data type it computes in. */
  public long weightBytes() {
    return weightBytes;
  }

  @Override
  public void close() {
    Closeables.closeQuietly(encoder, resources);
  }
}
