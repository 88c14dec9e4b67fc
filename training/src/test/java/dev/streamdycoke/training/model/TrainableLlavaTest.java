package dev.streamdycoke.training.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.streamdycoke.model.CheckpointPromptCodec;
import dev.streamdycoke.model.LlavaOnevisionModel;
import dev.streamdycoke.model.ModelOptions;
import dev.streamdycoke.model.checkpoint.Checkpoint;
import dev.streamdycoke.model.checkpoint.LlavaOnevisionConfig;
import dev.streamdycoke.model.checkpoint.PreprocessorConfig;
import dev.streamdycoke.model.checkpoint.SafetensorsDtype;
import dev.streamdycoke.model.checkpoint.SafetensorsWeightSource;
import dev.streamdycoke.model.checkpoint.StandardConfigs;
import dev.streamdycoke.model.checkpoint.TinyCheckpointWriter;
import dev.streamdycoke.model.session.AnswerSettings;
import dev.streamdycoke.model.session.PromptCodec;
import dev.streamdycoke.model.session.SessionAnswer;
import dev.streamdycoke.model.session.SessionOptions;
import dev.streamdycoke.model.session.StreamingSession;
import dev.streamdycoke.model.session.TokenId;
import dev.streamdycoke.model.tokenizer.ChatTokenizer;
import dev.streamdycoke.model.vision.RgbImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer's forward pass is the runtime's: logits the trainer scores equal the logits a
 * streaming session computes from the same weights, before and after a training step, once the
 * step's weights are saved and loaded back through {@link Checkpoint#open}.
 */
class TrainableLlavaTest {
  private static final String QUESTION = "how many cars?";
  private static final float TOLERANCE = 2e-4f;

  @TempDir Path dir;

  @Test
  void crossEntropyAgainstDistributionsAveragesTheWordsOfEachRow() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray logits = manager.create(new float[] {2f, 0f, -1f, 0.5f, 0.5f, 3f}, new Shape(2, 3));
      float oneHot = TrainableLlava.crossEntropy(logits, new float[] {1, 0, 0, 0, 0, 1}).getFloat();
      assertEquals(TrainableLlava.crossEntropy(logits, new int[] {0, 2}).getFloat(), oneHot, 1e-6f);
      // Half on each of two words is the mean of the two one-word losses.
      float half =
          TrainableLlava.crossEntropy(logits, new float[] {0.5f, 0.5f, 0, 0, 0, 1}).getFloat();
      float first = TrainableLlava.crossEntropy(logits, new int[] {0, 2}).getFloat();
      float second = TrainableLlava.crossEntropy(logits, new int[] {1, 2}).getFloat();
      assertEquals((first + second) / 2, half, 1e-6f);
    }
  }

  @Test
  void runtimeReproducesTrainerLogitsBeforeAndAfterAStep() throws Exception {
    TinyCheckpointWriter.writeTiny(dir);
    List<RgbImage> frames = List.of(frame(1), frame(2), frame(3));
    LlavaOnevisionConfig config;
    PreprocessorConfig preprocessing;
    try (Checkpoint checkpoint = Checkpoint.open(dir)) {
      config = checkpoint.config();
      preprocessing = checkpoint.preprocessor();
    }
    try (ChatTokenizer tokenizer = ChatTokenizer.open(dir.resolve(Checkpoint.TOKENIZER));
        NDManager manager = NDManager.newBaseManager()) {
      PromptCodec prompt = new CheckpointPromptCodec(tokenizer, config.eosTokenIds());
      TrainableWeights weights;
      try (SafetensorsWeightSource source = SafetensorsWeightSource.open(dir)) {
        weights = TrainableWeights.from(config, source, manager);
      }
      int answer = StandardConfigs.TINY_IM_START; // any id: only the logits are compared
      TrainableLlava.Target target =
          new TrainableLlava.Target(
              prompt.questionIds(QUESTION), new int[] {answer, StandardConfigs.TINY_IM_END});

      float[] before =
          trainerLogits(config, preprocessing, weights, prompt, frames, target, manager);
      assertArrayEquals(runtimeLogits(frames), before, TOLERANCE);

      Map<String, NDArray> parameters = weights.parameters();
      try (Adam adam = new Adam(0f, 1f)) {
        try (NDManager scratch = manager.newSubManager();
            GradientCollector collector = Engine.getInstance().newGradientCollector();
            TrainableLlava model =
                new TrainableLlava(config, preprocessing, weights, prompt, scratch)) {
          NDArray visual =
              model.visualTokens(model.encoder().preprocessor().toPixels(frames, scratch));
          NDArray logits = model.answerLogits(visual, List.of(target)).get(0);
          collector.backward(TrainableLlava.crossEntropy(logits, target.answerIds()));
        }
        assertGradientReaches(
            parameters, "vision_tower.vision_model.embeddings.patch_embedding.weight");
        assertGradientReaches(parameters, "multi_modal_projector.linear_1.weight");
        assertGradientReaches(parameters, "language_model.model.layers.0.self_attn.q_proj.weight");
        assertGradientReaches(parameters, "language_model.model.embed_tokens.weight");
        double norm = adam.step(parameters, 1e-2f);
        assertTrue(norm > 0 && Double.isFinite(norm), "gradient norm " + norm);
      }
      float[] after =
          trainerLogits(config, preprocessing, weights, prompt, frames, target, manager);
      assertTrue(maxDifference(before, after) > 1e-3, "the step changed nothing");

      weights.save(dir.resolve(SafetensorsWeightSource.SINGLE_FILE), SafetensorsDtype.F32);
      assertArrayEquals(runtimeLogits(frames), after, TOLERANCE);
      weights.close();
    }
  }

  private static void assertGradientReaches(Map<String, NDArray> parameters, String name) {
    NDArray g = parameters.get(name).getGradient();
    float norm = g.abs().sum().getFloat();
    g.close();
    assertTrue(norm > 0, "no gradient reaches " + name);
  }

  private static float[] trainerLogits(
      LlavaOnevisionConfig config,
      PreprocessorConfig preprocessing,
      TrainableWeights weights,
      PromptCodec prompt,
      List<RgbImage> frames,
      TrainableLlava.Target target,
      NDManager manager) {
    try (NDManager scratch = manager.newSubManager();
        TrainableLlava model =
            new TrainableLlava(config, preprocessing, weights, prompt, scratch)) {
      NDArray visual = model.visualTokens(model.encoder().preprocessor().toPixels(frames, scratch));
      NDArray logits = model.answerLogits(visual, List.of(target)).get(0);
      assertEquals(2, logits.getShape().get(0));
      // Row 0 predicts the answer: what the session's first decoding step computes.
      return logits.get(0).toFloatArray();
    }
  }

  /** The logits of the first answer token, as the serving path computes them. */
  private float[] runtimeLogits(List<RgbImage> frames) {
    try (LlavaOnevisionModel model = LlavaOnevisionModel.load(dir, ModelOptions.cpu());
        StreamingSession session = model.newSession(SessionOptions.eager())) {
      float[][][] tokens = model.encoder().encode(frames);
      for (int f = 0; f < tokens.length; f++) {
        List<TokenId> ids = new ArrayList<>();
        for (int c = 0; c < tokens[f].length; c++) {
          ids.add(new TokenId(f, c));
        }
        session.append(ids, tokens[f]);
      }
      SessionAnswer answer =
          session.answer(QUESTION, AnswerSettings.withoutPruning(1).withLogits(true));
      return answer.stepLogits().get(0);
    }
  }

  private static float maxDifference(float[] a, float[] b) {
    float max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  private static RgbImage frame(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int side = StandardConfigs.tiny().vision().imageSize();
    byte[] rgb = new byte[3 * side * side];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) random.nextInt(256);
    }
    return new RgbImage(side, side, rgb);
  }
}
