package dev.streamdycoke.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamdycoke.model.LlavaOnevisionModel;
import dev.streamdycoke.model.ModelOptions;
import dev.streamdycoke.model.session.AnswerSettings;
import dev.streamdycoke.model.session.SessionAnswer;
import dev.streamdycoke.model.session.SessionOptions;
import dev.streamdycoke.model.session.StreamingSession;
import dev.streamdycoke.model.session.TokenId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints whose {@code config.json} leaves a key out, as transformers' {@code save_pretrained}
 * does for defaults, load as transformers loads them: the missing key takes Qwen2Config's default.
 * Each case compares a checkpoint with the key left out against the same weights with transformers'
 * value written out.
 */
class TransformersConfigParityTest {
  @TempDir Path dir;

  @Test
  void silentTextConfigUntiesTheHeadWhateverTheTopLevelSays() throws IOException {
    LlavaOnevisionConfig tiny = StandardConfigs.tiny();
    LlavaOnevisionConfig untied =
        withText(tiny, text(tiny.text(), tiny.text().numHeads(), tiny.text().numKvHeads(), false));
    Path explicit = dir.resolve("explicit");
    Path silent = dir.resolve("silent");
    TinyCheckpointWriter.write(explicit, untied, 42, 1);
    TinyCheckpointWriter.write(silent, untied, 42, 1);
    // The top level says tied, the text config says nothing; the file has an lm_head.
    edit(
        silent,
        root -> {
          root.put("tie_word_embeddings", true);
          ((ObjectNode) root.get("text_config")).remove("tie_word_embeddings");
        });

    try (LlavaOnevisionModel model = LlavaOnevisionModel.load(silent, ModelOptions.cpu());
        LlavaOnevisionModel reference = LlavaOnevisionModel.load(explicit, ModelOptions.cpu())) {
      assertFalse(model.config().text().tieWordEmbeddings(), "Qwen2Config's default");
      assertTrue(
          model.language().loadedTensors().contains(TensorLayout.LM_HEAD), "lm_head is used");
      assertSameAnswers(reference, model);
    }
  }

  @Test
  void absentKeyValueHeadsAreQwen2ConfigsDefault() throws IOException {
    LlavaOnevisionConfig tiny = StandardConfigs.tiny();
    // 64 attention heads, so the head count (the old fallback) and Qwen2Config's 32 differ.
    LlavaOnevisionConfig grouped =
        withText(
            tiny,
            new TextConfig(
                128, 128, 64, 32, 2, tiny.text().vocabSize(), 1e-6, 1_000_000.0, 32768, true));
    Path explicit = dir.resolve("explicit");
    Path silent = dir.resolve("silent");
    TinyCheckpointWriter.write(explicit, grouped, 42, 1);
    TinyCheckpointWriter.write(silent, grouped, 42, 1);
    edit(silent, root -> ((ObjectNode) root.get("text_config")).remove("num_key_value_heads"));

    assertEquals(32, ConfigJson.read(silent.resolve("config.json")).text().numKvHeads());
    try (LlavaOnevisionModel model = LlavaOnevisionModel.load(silent, ModelOptions.cpu());
        LlavaOnevisionModel reference = LlavaOnevisionModel.load(explicit, ModelOptions.cpu())) {
      assertEquals(32, model.config().text().numKvHeads());
      assertSameAnswers(reference, model);
    }
  }

  private static void assertSameAnswers(LlavaOnevisionModel expected, LlavaOnevisionModel actual) {
    SessionAnswer want = answer(expected);
    SessionAnswer got = answer(actual);
    assertArrayEquals(want.generatedIds(), got.generatedIds());
    for (int i = 0; i < want.stepLogits().size(); i++) {
      assertArrayEquals(want.stepLogits().get(i), got.stepLogits().get(i), "logits of step " + i);
    }
  }

  private static SessionAnswer answer(LlavaOnevisionModel model) {
    Random random = new Random(3);
    int n = 12;
    List<TokenId> ids = new ArrayList<>();
    float[][] tokens = new float[n][model.dim()];
    for (int i = 0; i < n; i++) {
      ids.add(new TokenId(0, i));
      for (int d = 0; d < model.dim(); d++) {
        tokens[i][d] = (float) random.nextGaussian();
      }
    }
    try (StreamingSession session = model.newSession(SessionOptions.eager())) {
      session.append(ids, tokens);
      return session.answer("what moves?", AnswerSettings.withoutPruning(4).withLogits(true));
    }
  }

  private static TextConfig text(TextConfig t, int heads, int kvHeads, boolean tie) {
    return new TextConfig(
        t.hiddenSize(),
        t.intermediateSize(),
        heads,
        kvHeads,
        t.numLayers(),
        t.vocabSize(),
        t.rmsNormEps(),
        t.ropeTheta(),
        t.maxPositions(),
        tie);
  }

  private static LlavaOnevisionConfig withText(LlavaOnevisionConfig c, TextConfig text) {
    return new LlavaOnevisionConfig(
        c.vision(),
        text,
        c.visionFeatureLayers(),
        c.visionFeatureSelectStrategy(),
        c.projectorHiddenAct(),
        c.videoTokenIndex(),
        c.imageTokenIndex(),
        c.eosTokenIds());
  }

  private static void edit(Path checkpoint, Consumer<ObjectNode> change) throws IOException {
    Path file = checkpoint.resolve("config.json");
    ObjectNode root = (ObjectNode) JsonFiles.MAPPER.readTree(file.toFile());
    change.accept(root);
    JsonFiles.write(root, file);
  }
}
