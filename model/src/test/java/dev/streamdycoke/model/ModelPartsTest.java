package dev.streamdycoke.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.model.checkpoint.LlavaOnevisionConfig;
import dev.streamdycoke.model.checkpoint.StandardConfigs;
import dev.streamdycoke.model.checkpoint.TensorLayout;
import dev.streamdycoke.model.checkpoint.TensorSpec;
import dev.streamdycoke.model.checkpoint.TinyCheckpointWriter;
import dev.streamdycoke.model.session.AnswerSettings;
import dev.streamdycoke.model.session.SessionAnswer;
import dev.streamdycoke.model.session.SessionOptions;
import dev.streamdycoke.model.session.StreamingSession;
import dev.streamdycoke.model.session.TokenId;
import dev.streamdycoke.model.vision.RgbImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The encode operator loads only the vision half and the answer operator only the language half:
 * each half alone computes what the whole model does, and reads none of the other half's weights.
 */
class ModelPartsTest {
  private static final Set<String> VISION_PREFIXES =
      Set.of(TensorLayout.VISION, TensorLayout.PROJECTOR);

  @TempDir Path dir;

  @Test
  void eachHalfAloneGivesTheWholeModelsOutputs() {
    TinyCheckpointWriter.writeTiny(dir);
    List<RgbImage> frames = frames(3);
    try (LlavaOnevisionModel whole = LlavaOnevisionModel.load(dir, ModelOptions.cpu());
        VisionModel vision = LlavaOnevisionModel.loadVision(dir, ModelOptions.cpu());
        LanguageModel language = LlavaOnevisionModel.loadLanguage(dir, ModelOptions.cpu())) {
      float[][][] expected = whole.encoder().encode(frames);
      float[][][] tokens = vision.encoder().encode(frames);
      for (int f = 0; f < frames.size(); f++) {
        for (int t = 0; t < expected[f].length; t++) {
          assertArrayEquals(expected[f][t], tokens[f][t], 0f, "frame " + f + " token " + t);
        }
      }
      assertEquals(whole.tokensPerFrame(), vision.tokensPerFrame());
      assertEquals(whole.tokensPerFrame(), language.tokensPerFrame());
      assertEquals(whole.dim(), language.dim());

      SessionAnswer a = ask(whole::newSession, expected);
      SessionAnswer b = ask(language::newSession, tokens);
      assertArrayEquals(a.generatedIds(), b.generatedIds());
      assertEquals(a.text(), b.text());
      assertArrayEquals(a.stepLogits().get(0), b.stepLogits().get(0), 0f);
    }
  }

  @Test
  void eachHalfReadsOnlyItsOwnWeights() {
    LlavaOnevisionConfig config = StandardConfigs.tiny();
    TinyCheckpointWriter.writeTiny(dir);
    try (LlavaOnevisionModel whole = LlavaOnevisionModel.load(dir, ModelOptions.cpu());
        VisionModel vision = LlavaOnevisionModel.loadVision(dir, ModelOptions.cpu());
        LanguageModel language = LlavaOnevisionModel.loadLanguage(dir, ModelOptions.cpu())) {
      assertFalse(vision.loadedTensors().isEmpty());
      for (String name : vision.loadedTensors()) {
        assertTrue(isVision(name), "the vision half loaded " + name);
      }
      assertTrue(language.loadedTensors().contains(TensorLayout.LANGUAGE + "embed_tokens.weight"));
      for (String name : language.loadedTensors()) {
        assertFalse(isVision(name), "the language half loaded " + name);
      }
      // Together the halves are the whole model, each weight loaded once.
      Set<String> both = new HashSet<>(vision.loadedTensors());
      both.addAll(language.loadedTensors());
      assertEquals(vision.loadedTensors().size() + language.loadedTensors().size(), both.size());
      assertEquals(whole.weightBytes(), vision.weightBytes() + language.weightBytes());
      long layoutBytes =
          TensorLayout.of(config).specs().stream()
              .filter(s -> both.contains(s.name()))
              .mapToLong(s -> s.shape().size() * 4)
              .sum();
      assertEquals(layoutBytes, whole.weightBytes(), "float32 bytes of the loaded tensors");
      System.out.printf(
          "tiny checkpoint, float32: whole model %d bytes (before: in each operator); "
              + "vision half %d bytes (encode), language half %d bytes (answer)%n",
          whole.weightBytes(), vision.weightBytes(), language.weightBytes());
    }
  }

  /**
   * The numbers of the README's sizing table: llava-onevision-qwen2-0.5b's tensors, split as the
   * operators load them.
   */
  @Test
  void weightsPerOperatorAtTheHalfBillionModelsDimensions() {
    List<TensorSpec> specs = TensorLayout.of(StandardConfigs.llavaOnevision05b()).specs();
    long vision = parameters(specs, s -> isVision(s.name()));
    long language = parameters(specs, s -> !isVision(s.name()));
    System.out.printf(
        "llava-onevision-qwen2-0.5b: vision half %,d parameters (%.2f GB float32, %.2f GB float16); "
            + "language half %,d parameters (%.2f GB float32, %.2f GB float16)%n",
        vision,
        vision * 4 / 1e9,
        vision * 2 / 1e9,
        language,
        language * 4 / 1e9,
        language * 2 / 1e9);
    // SigLIP so400m plus the projector, and Qwen2-0.5B with its tied 151936 x 896 embedding.
    assertEquals(0.40, vision / 1e9, 0.02);
    assertEquals(0.49, language / 1e9, 0.02);
  }

  private static long parameters(List<TensorSpec> specs, Function<TensorSpec, Boolean> part) {
    return specs.stream().filter(part::apply).mapToLong(s -> s.shape().size()).sum();
  }

  private static boolean isVision(String name) {
    return VISION_PREFIXES.stream().anyMatch(name::startsWith);
  }

  private static SessionAnswer ask(
      Function<SessionOptions, StreamingSession> sessions, float[][][] tokens) {
    try (StreamingSession session = sessions.apply(SessionOptions.eager())) {
      for (int f = 0; f < tokens.length; f++) {
        List<TokenId> ids = new ArrayList<>();
        for (int c = 0; c < tokens[f].length; c++) {
          ids.add(new TokenId(f, c));
        }
        session.append(ids, tokens[f]);
      }
      return session.answer(
          "what moves?", AnswerSettings.defaults().withMaxNewTokens(6).withLogits(true));
    }
  }

  private static List<RgbImage> frames(int count) {
    Random random = new Random(5);
    List<RgbImage> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] rgb = new byte[64 * 48 * 3];
      random.nextBytes(rgb);
      out.add(new RgbImage(64, 48, rgb));
    }
    return out;
  }
}
