package dev.streamdycoke.training.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.streamdycoke.model.checkpoint.LlavaOnevisionConfig;
import dev.streamdycoke.model.checkpoint.PreprocessorConfig;
import dev.streamdycoke.model.checkpoint.TensorLayout;
import dev.streamdycoke.model.lm.AttentionObserver;
import dev.streamdycoke.model.lm.KvCache;
import dev.streamdycoke.model.lm.Qwen2Model;
import dev.streamdycoke.model.session.PromptCodec;
import dev.streamdycoke.model.vision.FrameEncoder;
import java.util.ArrayList;
import java.util.List;

/**
 * One differentiable forward pass of LLaVA-OneVision over a clip and questions about it, computed
 * by the runtime's own modules ({@link FrameEncoder}, {@link Qwen2Model}) built from {@link
 * TrainableWeights}, in the sequence a {@code StreamingSession} builds: the chat template's
 * opening, the clip's visual tokens, {@code image_newline}, the question's ids.
 *
 * <p>Build one per optimizer step inside a gradient collector (the modules derive their fused
 * matrices from the parameters at construction, and that derivation must be recorded), run the
 * clip, score the questions, back-propagate, then close it before the parameters change.
 *
 * <p>The clip is prefilled once into a KV cache and every question is scored against it, then
 * removed again, as a session answers several questions about one stream: the expensive part
 * (vision tower and video prefill) is shared by all questions of a clip.
 */
public final class TrainableLlava implements AutoCloseable {
  private final LlavaOnevisionConfig config;
  private final PromptCodec prompt;
  private final NDManager manager;
  private final FrameEncoder encoder;
  private final Qwen2Model languageModel;
  private final TrainableWeights weights;

  /** Question ids and the answer ids the model should generate after them (answer, stop). */
  public record Target(int[] questionIds, int[] answerIds) {}

  public TrainableLlava(
      LlavaOnevisionConfig config,
      PreprocessorConfig preprocessing,
      TrainableWeights weights,
      PromptCodec prompt,
      NDManager parent) {
    this.config = config;
    this.prompt = prompt;
    this.weights = weights;
    this.manager = parent.newSubManager();
    this.encoder = new FrameEncoder(config, preprocessing, weights, Device.cpu(), DataType.FLOAT32);
    this.languageModel = new Qwen2Model(config.text(), weights, Device.cpu(), DataType.FLOAT32);
  }

  public FrameEncoder encoder() {
    return encoder;
  }

  public Qwen2Model languageModel() {
    return languageModel;
  }

  /**
   * The visual tokens of preprocessed frames, {@code [frames * tokensPerFrame, dim]}, in stream
   * order (frame by frame, each in row-major grid order).
   */
  public NDArray visualTokens(NDArray pixels) {
    NDArray tokens = encoder.encodePixels(pixels);
    return tokens.reshape(-1, config.text().hiddenSize());
  }

  /**
   * Prefills the template opening and {@code visual} ({@code [n, dim]}) once, then scores each
   * target: for target i, row i of the result holds the logits ({@code [answerIds.length, vocab]})
   * at the positions that predict its answer ids, i.e. after the question and after each answer id
   * but the last.
   */
  public List<NDArray> answerLogits(NDArray visual, List<Target> targets) {
    return run(visual, targets).answerLogits();
  }

  /**
   * What one pass computes: the final-normed hidden states at the visual positions ({@code [n,
   * hidden]}, for auxiliary losses) and, per target, the logits of {@link #answerLogits}.
   */
  public record Pass(NDArray visualHidden, List<NDArray> answerLogits) {}

  /** As {@link #answerLogits}, also returning the visual positions' hidden states. */
  public Pass run(NDArray visual, List<Target> targets) {
    NDManager scratch = visual.getManager();
    try (KvCache cache = languageModel.newCache(manager)) {
      int[] prefixIds = prompt.prefixIds();
      NDArray prefix = languageModel.embed(prefixIds, scratch);
      NDArray prefilled =
          languageModel.forwardAll(
              NDArrays.concat(new NDList(prefix, visual), 0), cache, AttentionObserver.NONE);
      NDArray visualHidden = prefilled.get(new NDIndex(prefixIds.length + ":"));
      int base = cache.length();
      NDArray newline =
          weights
              .load(
                  TensorLayout.IMAGE_NEWLINE,
                  new Shape(config.text().hiddenSize()),
                  scratch,
                  DataType.FLOAT32)
              .reshape(1, -1);
      List<NDArray> out = new ArrayList<>();
      for (Target t : targets) {
        int[] answer = t.answerIds();
        int[] fed = new int[t.questionIds().length + answer.length - 1];
        System.arraycopy(t.questionIds(), 0, fed, 0, t.questionIds().length);
        System.arraycopy(answer, 0, fed, t.questionIds().length, answer.length - 1);
        NDArray suffix = NDArrays.concat(new NDList(newline, languageModel.embed(fed, scratch)), 0);
        NDArray hidden = languageModel.forwardAll(suffix, cache, AttentionObserver.NONE);
        long n = hidden.getShape().get(0);
        NDArray scored = hidden.get(new NDIndex((n - answer.length) + ":"));
        out.add(languageModel.logitsAll(scored));
        cache.truncate(base);
      }
      return new Pass(visualHidden, out);
    }
  }

  /** Mean cross-entropy of {@code logits} ({@code [m, classes]}) against class {@code targets}. */
  public static NDArray crossEntropy(NDArray logits, int[] targets) {
    long classes = logits.getShape().get(1);
    float[] oneHot = new float[targets.length * (int) classes];
    for (int i = 0; i < targets.length; i++) {
      oneHot[i * (int) classes + targets[i]] = 1f;
    }
    return crossEntropy(logits, oneHot);
  }

  /**
   * Mean cross-entropy of {@code logits} ({@code [m, classes]}) against target distributions,
   * {@code distributions[i * classes + c]} the weight of class {@code c} for row {@code i}.
   */
  public static NDArray crossEntropy(NDArray logits, float[] distributions) {
    long rows = logits.getShape().get(0);
    if (distributions.length != rows * logits.getShape().get(1)) {
      throw new IllegalArgumentException(
          "need " + logits.getShape() + " target weights, got " + distributions.length);
    }
    NDArray picked =
        logits.logSoftmax(1).mul(logits.getManager().create(distributions, logits.getShape()));
    return picked.sum().neg().div(rows);
  }

  @Override
  public void close() {
    encoder.close();
    languageModel.close();
    manager.close();
  }
}
