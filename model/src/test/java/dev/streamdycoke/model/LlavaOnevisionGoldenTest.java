package dev.streamdycoke.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamdycoke.model.session.AnswerSettings;
import dev.streamdycoke.model.session.PromptCodec;
import dev.streamdycoke.model.session.SessionAnswer;
import dev.streamdycoke.model.session.SessionOptions;
import dev.streamdycoke.model.session.StreamingSession;
import dev.streamdycoke.model.session.TokenId;
import dev.streamdycoke.model.tokenizer.ChatTokenizer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The runtime against Hugging Face transformers' own outputs (src/test/resources/golden/README.md):
 * each case's checkpoint is loaded through the production loader and fed transformers' input pixels
 * and prompt ids; pooled video features, every generation step's logits and the greedy ids must
 * match what transformers computed.
 */
class LlavaOnevisionGoldenTest {
  /** The references were computed in float32 too; the runtime matched them to about 1e-5. */
  private static final double TOLERANCE = 1e-4;

  private static final int NEW_TOKENS = 8;
  private static final String QUESTION = "what moves?";

  @ParameterizedTest
  @ValueSource(strings = {"tiny-seed42", "transformers-saved"})
  void matchesTransformers(String name) throws IOException, URISyntaxException {
    Path root = Path.of(LlavaOnevisionGoldenTest.class.getResource("/golden/" + name).toURI());
    Path reference = root.resolve("reference");
    JsonNode hf = new ObjectMapper().readTree(reference.resolve("hf.json").toFile());
    int frames = hf.get("frames").asInt();
    int[] prefix = ints(hf.get("prefix_ids"));
    int[] question = ints(hf.get("question_ids"));
    int[] expectedIds = ints(hf.get("generated_ids"));
    float[] expectedFeatures = floats(reference.resolve("hf_features.f32"));
    float[] expectedLogits = floats(reference.resolve("hf_step_logits.f32"));
    float[] pixels = floats(reference.resolve("pixels.f32"));

    try (LlavaOnevisionModel model =
            LlavaOnevisionModel.load(root.resolve("checkpoint"), ModelOptions.cpu());
        ChatTokenizer tokenizer = ChatTokenizer.open(root.resolve("checkpoint/tokenizer.json"))) {
      // The checkpoint's own tokenizer and chat template give transformers' prompt ids.
      PromptCodec codec = new CheckpointPromptCodec(tokenizer, List.of()); // no stop token
      assertArrayEquals(prefix, codec.prefixIds(), "prefix ids");
      assertArrayEquals(question, codec.questionIds(QUESTION), "question ids");

      int size = model.config().vision().imageSize();
      float[] features;
      try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
        NDArray input = manager.create(pixels, new Shape(frames, 3, size, size));
        features =
            model.encoder().encodePixels(input).toType(DataType.FLOAT32, false).toFloatArray();
      }
      assertEquals(expectedFeatures.length, features.length, "feature count");
      double featureDiff = maxAbsDiff(expectedFeatures, 0, features);

      int tokens = model.tokensPerFrame();
      int dim = model.dim();
      SessionAnswer answer;
      try (StreamingSession session =
          new StreamingSession(
              model.languageModel(),
              codec,
              model.language().imageNewline(),
              SessionOptions.eager())) {
        for (int f = 0; f < frames; f++) {
          List<TokenId> ids = new ArrayList<>();
          float[][] rows = new float[tokens][dim];
          for (int t = 0; t < tokens; t++) {
            ids.add(new TokenId(f, t));
            System.arraycopy(features, (f * tokens + t) * dim, rows[t], 0, dim);
          }
          session.append(ids, rows);
        }
        answer =
            session.answer(QUESTION, AnswerSettings.withoutPruning(NEW_TOKENS).withLogits(true));
      }

      assertEquals(NEW_TOKENS, answer.stepLogits().size(), "steps");
      int vocab = expectedLogits.length / NEW_TOKENS;
      double logitDiff = 0;
      for (int step = 0; step < NEW_TOKENS; step++) {
        float[] logits = answer.stepLogits().get(step);
        assertEquals(vocab, logits.length, "vocabulary of step " + step);
        double diff = maxAbsDiff(expectedLogits, step * vocab, logits);
        assertEquals(0, diff, TOLERANCE, "logits of step " + step);
        logitDiff = Math.max(logitDiff, diff);
      }
      System.out.printf(
          Locale.ROOT,
          "golden %s: features max |diff| %.3g, logits max |diff| %.3g%n",
          name,
          featureDiff,
          logitDiff);
      assertEquals(0, featureDiff, TOLERANCE, "pooled video features");
      assertArrayEquals(expectedIds, answer.generatedIds(), "greedy ids");
    }
  }

  private static double maxAbsDiff(float[] expected, int from, float[] actual) {
    double max = 0;
    for (int i = 0; i < actual.length; i++) {
      double diff = Math.abs((double) expected[from + i] - actual[i]);
      if (!(diff <= max)) {
        max = diff; // NaN sticks
      }
    }
    return max;
  }

  private static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  /** Little-endian float32, as the reference files are written. */
  private static float[] floats(Path file) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[bytes.remaining() / Float.BYTES];
    bytes.asFloatBuffer().get(out);
    return out;
  }
}
