package dev.streamdycoke.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.streamdycoke.model.checkpoint.Checkpoint;
import dev.streamdycoke.model.checkpoint.LlavaOnevisionConfig;
import dev.streamdycoke.model.checkpoint.RecordingWeightSource;
import dev.streamdycoke.model.checkpoint.TensorLayout;
import dev.streamdycoke.model.checkpoint.WeightSource;
import dev.streamdycoke.model.lm.Qwen2Model;
import dev.streamdycoke.model.session.PromptCodec;
import dev.streamdycoke.model.session.SessionOptions;
import dev.streamdycoke.model.session.StreamingSession;
import dev.streamdycoke.model.session.TokenId;
import dev.streamdycoke.model.tokenizer.ChatTokenizer;
import dev.streamdycoke.model.vision.VideoPooling;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The language half of LLaVA-OneVision, alone: the Qwen2 decoder, the tokenizer and chat prompt,
 * and the {@code image_newline} vector that closes a video's tokens; what an answer subtask needs
 * to answer from visual tokens encoded elsewhere. None of the vision tower's or projector's tensors
 * are read.
 *
 * <pre>{@code
 * try (LanguageModel language = LanguageModel.load(dir, ModelOptions.cpu());
 *     StreamingSession session = language.newSession(SessionOptions.eager())) {
 *   session.append(ids, visualTokens);
 *   SessionAnswer answer = session.answer("How many cars?", AnswerSettings.defaults());
 * }
 * }</pre>
 *
 * <p>Not thread-safe: a subtask uses it from its own thread.
 */
public final class LanguageModel implements AutoCloseable {
  private final LlavaOnevisionConfig config;
  private final Qwen2Model languageModel;
  private final PromptCodec prompt;
  private final float[] imageNewline;
  private final Set<String> tensors;
  private final long weightBytes;
  private final AutoCloseable resources;

  private LanguageModel(
      LlavaOnevisionConfig config,
      Qwen2Model languageModel,
      PromptCodec prompt,
      float[] imageNewline,
      RecordingWeightSource loaded,
      AutoCloseable resources) {
    this.config = config;
    this.languageModel = languageModel;
    this.prompt = prompt;
    this.imageNewline = imageNewline;
    this.tensors = loaded.tensors();
    this.weightBytes = loaded.bytes();
    this.resources = resources;
  }

  /**
   * Loads the language model and tokenizer of a checkpoint directory in Hugging Face layout; the
   * whole checkpoint is validated first.
   *
   * @throws dev.streamdycoke.model.checkpoint.CheckpointException when the checkpoint is unusable
   */
  public static LanguageModel load(Path directory, ModelOptions options) {
    Checkpoint checkpoint = Checkpoint.open(directory);
    ChatTokenizer tokenizer = null;
    try {
      tokenizer = ChatTokenizer.open(checkpoint.tokenizerFile());
      LlavaOnevisionConfig config = checkpoint.config();
      PromptCodec prompt = new CheckpointPromptCodec(tokenizer, config.eosTokenIds());
      ChatTokenizer opened = tokenizer;
      // The checkpoint stays open with the model: tensors created from its mapped files may
      // still refer to them.
      return create(
          config,
          checkpoint.weights(),
          prompt,
          options,
          () -> Closeables.closeQuietly(opened, checkpoint));
    } catch (IOException e) {
      Closeables.closeQuietly(tokenizer, checkpoint);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      Closeables.closeQuietly(tokenizer, checkpoint);
      throw e;
    }
  }

  /** The language half of weights that are not in a directory, with the given prompt. */
  public static LanguageModel fromWeights(
      LlavaOnevisionConfig config, WeightSource weights, PromptCodec prompt, ModelOptions options) {
    return create(config, weights, prompt, options, () -> {});
  }

  private static LanguageModel create(
      LlavaOnevisionConfig config,
      WeightSource weights,
      PromptCodec prompt,
      ModelOptions options,
      AutoCloseable resources) {
    RecordingWeightSource recording = new RecordingWeightSource(weights);
    float[] newline;
    try (NDManager scratch = NDManager.newBaseManager(Device.cpu())) {
      newline =
          recording
              .load(
                  TensorLayout.IMAGE_NEWLINE,
                  new Shape(config.text().hiddenSize()),
                  scratch,
                  DataType.FLOAT32)
              .toFloatArray();
    }
    Qwen2Model lm = new Qwen2Model(config.text(), recording, options.device(), options.dataType());
    return new LanguageModel(config, lm, prompt, newline, recording, resources);
  }

  public LlavaOnevisionConfig config() {
    return config;
  }

  public Qwen2Model languageModel() {
    return languageModel;
  }

  /**
   * The {@code image_newline} vector a session appends after a video's tokens, as LLaVA-OneVision
   * does; a copy.
   */
  public float[] imageNewline() {
    return imageNewline.clone();
  }

  /** Visual tokens per frame (196), from the configuration: the vision tower is not loaded. */
  public int tokensPerFrame() {
    int side = VideoPooling.pooledSide(config.vision().patchesPerSide());
    return side * side;
  }

  /** Width of a visual token: the hidden size. */
  public int dim() {
    return config.text().hiddenSize();
  }

  /** A new, empty session for one camera; the caller closes it. */
  public StreamingSession newSession(SessionOptions options) {
    return new StreamingSession(languageModel, prompt, imageNewline, options);
  }

  /**
   * A session holding {@code ids} (in cache order) after a restore: the KV cache is operator
   * memory, rebuilt from the embeddings kept in state with one prefill of at most C tokens.
   */
  public StreamingSession rebuildSession(
      List<TokenId> ids, float[][] embeddings, SessionOptions options) {
    StreamingSession session = newSession(options);
    try {
      session.append(ids, embeddings);
      return session;
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
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
    Closeables.closeQuietly(languageModel, resources);
  }
}
