package dev.streamdycoke.model;

import dev.streamdycoke.model.checkpoint.Checkpoint;
import dev.streamdycoke.model.checkpoint.LlavaOnevisionConfig;
import dev.streamdycoke.model.checkpoint.PreprocessorConfig;
import dev.streamdycoke.model.checkpoint.WeightSource;
import dev.streamdycoke.model.lm.Qwen2Model;
import dev.streamdycoke.model.session.PromptCodec;
import dev.streamdycoke.model.session.SessionOptions;
import dev.streamdycoke.model.session.StreamingSession;
import dev.streamdycoke.model.session.TokenId;
import dev.streamdycoke.model.tokenizer.ChatTokenizer;
import dev.streamdycoke.model.vision.FrameEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A LLaVA-OneVision model ready to serve cameras: the frame encoder, the language model, and the
 * prompt, loaded once per operator subtask and shared by the subtask's camera sessions.
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
  private final LlavaOnevisionConfig config;
  private final FrameEncoder encoder;
  private final Qwen2Model languageModel;
  private final PromptCodec prompt;
  private final AutoCloseable resources;

  private LlavaOnevisionModel(
      LlavaOnevisionConfig config,
      FrameEncoder encoder,
      Qwen2Model languageModel,
      PromptCodec prompt,
      AutoCloseable resources) {
    this.config = config;
    this.encoder = encoder;
    this.languageModel = languageModel;
    this.prompt = prompt;
    this.resources = resources;
  }

  /**
   * Loads a checkpoint directory in Hugging Face layout. Everything is validated before any
   * weight is read: a broken directory fails here, naming the file and tensor at fault.
   *
   * @throws dev.streamdycoke.model.checkpoint.CheckpointException when the checkpoint is unusable
   */
  public static LlavaOnevisionModel load(Path directory, ModelOptions options) {
    Checkpoint checkpoint = Checkpoint.open(directory);
    ChatTokenizer tokenizer = null;
    FrameEncoder encoder = null;
    try {
      tokenizer = ChatTokenizer.open(checkpoint.tokenizerFile());
      LlavaOnevisionConfig config = checkpoint.config();
      encoder =
          new FrameEncoder(
              config,
              checkpoint.preprocessor(),
              checkpoint.weights(),
              options.device(),
              options.dataType());
      Qwen2Model lm =
          new Qwen2Model(
              config.text(), checkpoint.weights(), options.device(), options.dataType());
      PromptCodec prompt = new CheckpointPromptCodec(tokenizer, config.eosTokenIds());
      ChatTokenizer openedTokenizer = tokenizer;
      // The checkpoint stays open with the model: tensors created from its mapped files may
      // still refer to them.
      return new LlavaOnevisionModel(
          config, encoder, lm, prompt, () -> closeQuietly(openedTokenizer, checkpoint));
    } catch (IOException e) {
      closeQuietly(encoder, tokenizer, checkpoint);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      closeQuietly(encoder, tokenizer, checkpoint);
      throw e;
    }
  }

  /**
   * A model from weights that are not in a directory (random weights at a real model's
   * dimensions, for benchmarks), with the given prompt.
   */
  public static LlavaOnevisionModel fromWeights(
      LlavaOnevisionConfig config,
      PreprocessorConfig preprocessing,
      WeightSource weights,
      PromptCodec prompt,
      ModelOptions options) {
    FrameEncoder encoder =
        new FrameEncoder(config, preprocessing, weights, options.device(), options.dataType());
    try {
      Qwen2Model lm = new Qwen2Model(config.text(), weights, options.device(), options.dataType());
      return new LlavaOnevisionModel(config, encoder, lm, prompt, () -> {});
    } catch (RuntimeException e) {
      encoder.close();
      throw e;
    }
  }

  private static void closeQuietly(AutoCloseable... resources) {
    for (AutoCloseable r : resources) {
      if (r != null) {
        try {
          r.close();
        } catch (Exception suppressed) {
          // Already failing; the original error is the one to report.
        }
      }
    }
  }

  public LlavaOnevisionConfig config() {
    return config;
  }

  /** Frames to visual tokens, batched. */
  public FrameEncoder encoder() {
    return encoder;
  }

  public Qwen2Model languageModel() {
    return languageModel;
  }

  /** Visual tokens per frame (196). */
  public int tokensPerFrame() {
    return encoder.tokensPerFrame();
  }

  /** Width of a visual token. */
  public int dim() {
    return encoder.dim();
  }

  /** A new, empty session for one camera; the caller closes it. */
  public StreamingSession newSession(SessionOptions options) {
    return new StreamingSession(languageModel, prompt, encoder.imageNewline(), options);
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

  @Override
  public void close() {
    closeQuietly(encoder, languageModel, resources);
  }
}
