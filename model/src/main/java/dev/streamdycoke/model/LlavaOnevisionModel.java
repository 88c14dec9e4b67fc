package dev.streamdycoke.model;

import dev.streamdycoke.model.checkpoint.LlavaOnevisionConfig;
import dev.streamdycoke.model.checkpoint.PreprocessorConfig;
import dev.streamdycoke.model.checkpoint.WeightSource;
import dev.streamdycoke.model.lm.Qwen2Model;
import dev.streamdycoke.model.session.PromptCodec;
import dev.streamdycoke.model.session.SessionOptions;
import dev.streamdycoke.model.session.StreamingSession;
import dev.streamdycoke.model.session.TokenId;
import dev.streamdycoke.model.vision.FrameEncoder;
import java.nio.file.Path;
import java.util.List;

/**
 * A whole LLaVA-OneVision model: its {@link VisionModel} (frames to visual tokens) and its {@link
 * LanguageModel} (visual tokens and a question to an answer). The job's operators each need one
 * half only, and load it with {@link #loadVision} or {@link #loadLanguage}, so that a slot holds
 * each weight once; the whole model is for tools and tests that do both in one place.
 *
 * <pre>{@code
 * try (LlavaOnevisionModel model = LlavaOnevisionModel.load(dir, ModelOptions.cpu());
 *     StreamingSession session = model.newSession(SessionOptions.eager())) {
 *   float[][][] tokens = model.encoder().encode(frames);   // [frame][196][D]
 *   session.append(ids, tokens[0]);
 *   SessionAnswer answer = session.answer("How many cars?", AnswerSettings.defaults());
 * }
 * }</pre>
 *
 * <p>Not thread-safe: a subtask uses its model from its own thread.
 */
public final class LlavaOnevisionModel implements AutoCloseable {
  private final VisionModel vision;
  private final LanguageModel language;

  private LlavaOnevisionModel(VisionModel vision, LanguageModel language) {
    this.vision = vision;
    this.language = language;
  }

  /**
   * Loads both halves of a checkpoint directory in Hugging Face layout. Everything is validated
   * before any weight is read: a broken directory fails here, naming the file and tensor at fault.
   *
   * @throws dev.streamdycoke.model.checkpoint.CheckpointException when the checkpoint is unusable
   */
  public static LlavaOnevisionModel load(Path directory, ModelOptions options) {
    VisionModel vision = VisionModel.load(directory, options);
    try {
      return new LlavaOnevisionModel(vision, LanguageModel.load(directory, options));
    } catch (RuntimeException e) {
      Closeables.closeQuietly(vision);
      throw e;
    }
  }

  /** The vision tower, projector and pooling of a checkpoint, without the language model. */
  public static VisionModel loadVision(Path directory, ModelOptions options) {
    return VisionModel.load(directory, options);
  }

  /** The language model, tokenizer and prompt of a checkpoint, without the vision tower. */
  public static LanguageModel loadLanguage(Path directory, ModelOptions options) {
    return LanguageModel.load(directory, options);
  }

  /**
   * A model from weights that are not in a directory (random weights at a real model's dimensions,
   * for benchmarks), with the given prompt.
   */
  public static LlavaOnevisionModel fromWeights(
      LlavaOnevisionConfig config,
      PreprocessorConfig preprocessing,
      WeightSource weights,
      PromptCodec prompt,
      ModelOptions options) {
    VisionModel vision = VisionModel.fromWeights(config, preprocessing, weights, options);
    try {
      return new LlavaOnevisionModel(
          vision, LanguageModel.fromWeights(config, weights, prompt, options));
    } catch (RuntimeException e) {
      vision.close();
      throw e;
    }
  }

  public LlavaOnevisionConfig config() {
    return vision.config();
  }

  public VisionModel vision() {
    return vision;
  }

  public LanguageModel language() {
    return language;
  }

  /** Frames to visual tokens, batched. */
  public FrameEncoder encoder() {
    return vision.encoder();
  }

  public Qwen2Model languageModel() {
    return language.languageModel();
  }

  /** Visual tokens per frame (196). */
  public int tokensPerFrame() {
    return vision.tokensPerFrame();
  }

  /** Width of a visual token. */
  public int dim() {
    return vision.dim();
  }

  /** A new, empty session for one camera; the caller closes it. */
  public StreamingSession newSession(SessionOptions options) {
    return language.newSession(options);
  }

  /**
   * A session holding {@code ids} (in cache order) after a restore: the KV cache is operator
   * memory, rebuilt from the embeddings kept in state with one prefill of at most C tokens.
   */
  public StreamingSession rebuildSession(
      List<TokenId> ids, float[][] embeddings, SessionOptions options) {
    return language.rebuildSession(ids, embeddings, options);
  }

  /** Bytes of weights both halves loaded. */
  public long weightBytes() {
    return vision.weightBytes() + language.weightBytes();
  }

  @Override
  public void close() {
    Closeables.closeQuietly(vision, language);
  }
}
