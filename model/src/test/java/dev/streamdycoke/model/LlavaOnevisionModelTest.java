package dev.streamdycoke.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.model.checkpoint.CheckpointException;
import dev.streamdycoke.model.checkpoint.LlavaOnevisionConfig;
import dev.streamdycoke.model.checkpoint.PreprocessorConfigJson;
import dev.streamdycoke.model.checkpoint.RandomWeightSource;
import dev.streamdycoke.model.checkpoint.StandardConfigs;
import dev.streamdycoke.model.checkpoint.TinyCheckpointWriter;
import dev.streamdycoke.model.session.AnswerSettings;
import dev.streamdycoke.model.session.SessionAnswer;
import dev.streamdycoke.model.session.SessionOptions;
import dev.streamdycoke.model.session.StreamingSession;
import dev.streamdycoke.model.session.TokenId;
import dev.streamdycoke.model.tokenizer.ChatTokenizer;
import dev.streamdycoke.model.vision.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Frames in, answers out, through a checkpoint read from disk. */
class LlavaOnevisionModelTest {
  @TempDir Path dir;

  private static List<RgbImage> frames(int count) {
    Random random = new Random(11);
    List<RgbImage> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] rgb = new byte[64 * 48 * 3];
      random.nextBytes(rgb);
      out.add(new RgbImage(64, 48, rgb));
    }
    return out;
  }

  private static List<TokenId> ids(long seq, int n) {
    List<TokenId> out = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      out.add(new TokenId(seq, c));
    }
    return out;
  }

  private static SessionAnswer ask(LlavaOnevisionModel model, float[][][] tokens) {
    try (StreamingSession session = model.newSession(SessionOptions.eager())) {
      for (int f = 0; f < tokens.length; f++) {
        session.append(ids(f, tokens[f].length), tokens[f]);
      }
      return session.answer(
          "what moves?", AnswerSettings.defaults().withMaxNewTokens(6).withLogits(true));
    }
  }

  @Test
  void aCheckpointOnDiskAnswersExactlyAsItsWeightsInMemory() throws IOException {
    LlavaOnevisionConfig config = StandardConfigs.tiny();
    TinyCheckpointWriter.write(dir, config, 42, 2);
    List<RgbImage> frames = frames(3);
    try (LlavaOnevisionModel disk = LlavaOnevisionModel.load(dir, ModelOptions.cpu());
        ChatTokenizer tokenizer = ChatTokenizer.open(dir.resolve("tokenizer.json"));
        LlavaOnevisionModel memory =
            LlavaOnevisionModel.fromWeights(
                config,
                PreprocessorConfigJson.read(dir.resolve("preprocessor_config.json")),
                new RandomWeightSource(config, 42),
                new CheckpointPromptCodec(tokenizer, config.eosTokenIds()),
                ModelOptions.cpu())) {
      float[][][] fromDisk = disk.encoder().encode(frames);
      float[][][] fromMemory = memory.encoder().encode(frames);
      assertEquals(3, fromDisk.length);
      assertEquals(196, fromDisk[0].length);
      for (int f = 0; f < 3; f++) {
        for (int t = 0; t < 196; t++) {
          assertArrayEquals(fromMemory[f][t], fromDisk[f][t], 0f);
        }
      }
      SessionAnswer a = ask(disk, fromDisk);
      SessionAnswer b = ask(memory, fromMemory);
      assertArrayEquals(b.generatedIds(), a.generatedIds());
      assertEquals(b.text(), a.text());
      assertArrayEquals(b.stepLogits().get(0), a.stepLogits().get(0), 0f);
      assertEquals(3 * 196, a.visualTokens());
      assertTrue(a.timings().firstTokenMs() > 0);
    }
  }

  @Test
  void aRebuiltSessionAnswersAsTheOriginal() throws IOException {
    TinyCheckpointWriter.writeTiny(dir);
    try (LlavaOnevisionModel model = LlavaOnevisionModel.load(dir, ModelOptions.cpu())) {
      float[][][] tokens = model.encoder().encode(frames(2));
      List<TokenId> all = new ArrayList<>(ids(0, 196));
      all.addAll(ids(1, 196));
      float[][] flat = new float[392][];
      System.arraycopy(tokens[0], 0, flat, 0, 196);
      System.arraycopy(tokens[1], 0, flat, 196, 196);
      try (StreamingSession rebuilt = model.rebuildSession(all, flat, SessionOptions.eager())) {
        SessionAnswer original = ask(model, tokens);
        SessionAnswer again =
            rebuilt.answer(
                "what moves?", AnswerSettings.defaults().withMaxNewTokens(6).withLogits(true));
        assertArrayEquals(original.generatedIds(), again.generatedIds());
        assertArrayEquals(original.stepLogits().get(0), again.stepLogits().get(0), 1e-4f);
      }
    }
  }

  @Test
  void aBrokenDirectoryFailsAtLoadNamingTheFile() throws IOException {
    TinyCheckpointWriter.writeTiny(dir);
    Files.delete(dir.resolve("tokenizer.json"));
    CheckpointException e =
        assertThrows(
            CheckpointException.class, () -> LlavaOnevisionModel.load(dir, ModelOptions.cpu()));
    assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
  }

  @Test
  void devicesParseFromConfiguration() {
    assertEquals(ModelOptions.cpu(), ModelOptions.parse("cpu"));
    assertEquals(ModelOptions.gpu(1), ModelOptions.parse("cuda:1"));
    assertThrows(IllegalArgumentException.class, () -> ModelOptions.parse("tpu"));
  }
}
