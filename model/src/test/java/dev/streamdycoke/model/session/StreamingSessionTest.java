package dev.streamdycoke.model.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.streamdycoke.model.checkpoint.LlavaOnevisionConfig;
import dev.streamdycoke.model.checkpoint.RandomWeightSource;
import dev.streamdycoke.model.checkpoint.StandardConfigs;
import dev.streamdycoke.model.checkpoint.TextConfig;
import dev.streamdycoke.model.lm.Qwen2Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StreamingSessionTest {
  private static final int TOKENS_PER_FRAME = 12;
  private static final String QUESTION = "what moves?";
  private static Qwen2Model model;
  private static Qwen2Model oneLayer;
  private final PromptCodec codec = new BytePromptCodec(false);

  @BeforeAll
  static void load() {
    LlavaOnevisionConfig tiny = StandardConfigs.tiny();
    model =
        new Qwen2Model(
            tiny.text(), new RandomWeightSource(tiny, 7), Device.cpu(), DataType.FLOAT32);
    LlavaOnevisionConfig shallow = withLayers(tiny, 1);
    oneLayer =
        new Qwen2Model(
            shallow.text(), new RandomWeightSource(shallow, 7), Device.cpu(), DataType.FLOAT32);
  }

  @AfterAll
  static void close() {
    model.close();
    oneLayer.close();
  }

  private static LlavaOnevisionConfig withLayers(LlavaOnevisionConfig c, int layers) {
    TextConfig t = c.text();
    TextConfig text =
        new TextConfig(
            t.hiddenSize(),
            t.intermediateSize(),
            t.numHeads(),
            t.numKvHeads(),
            layers,
            t.vocabSize(),
            t.rmsNormEps(),
            t.ropeTheta(),
            t.maxPositions(),
            t.tieWordEmbeddings());
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

  /** Frames of random visual tokens; frame f holds ids (f, 0..n-1). */
  private static List<Frame> frames(int count, long seed) {
    Random random = new Random(seed);
    List<Frame> out = new ArrayList<>();
    for (int f = 0; f < count; f++) {
      List<TokenId> ids = new ArrayList<>();
      float[][] emb = new float[TOKENS_PER_FRAME][64];
      for (int c = 0; c < TOKENS_PER_FRAME; c++) {
        ids.add(new TokenId(f, c));
        for (int d = 0; d < 64; d++) {
          emb[c][d] = (float) random.nextGaussian() * 0.5f;
        }
      }
      out.add(new Frame(ids, emb));
    }
    return out;
  }

  private record Frame(List<TokenId> ids, float[][] embeddings) {}

  private static Frame merge(List<Frame> frames) {
    List<TokenId> ids = new ArrayList<>();
    List<float[]> emb = new ArrayList<>();
    for (Frame f : frames) {
      ids.addAll(f.ids());
      emb.addAll(List.of(f.embeddings()));
    }
    return new Frame(ids, emb.toArray(new float[0][]));
  }

  private StreamingSession session(Qwen2Model m, SessionOptions options, List<Frame> frames) {
    StreamingSession s = new StreamingSession(m, codec, newline(), options);
    for (Frame f : frames) {
      s.append(f.ids(), f.embeddings());
    }
    return s;
  }

  private static float[] newline() {
    float[] v = new float[64];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) Math.sin(i);
    }
    return v;
  }

  private static AnswerSettings full(int tokens) {
    return AnswerSettings.withoutPruning(tokens).withLogits(true);
  }

  private static void assertSameLogits(SessionAnswer expected, SessionAnswer actual) {
    assertEquals(expected.stepLogits().size(), actual.stepLogits().size());
    for (int s = 0; s < expected.stepLogits().size(); s++) {
      assertArrayEquals(
          expected.stepLogits().get(s), actual.stepLogits().get(s), 1e-4f, "step " + s);
    }
    assertArrayEquals(expected.generatedIds(), actual.generatedIds());
  }

  @Test
  void incrementalPrefillEqualsOneFullPrefill() {
    List<Frame> frames = frames(4, 1);
    try (StreamingSession incremental = session(model, SessionOptions.eager(), frames);
        StreamingSession whole = session(model, SessionOptions.eager(), List.of(merge(frames)))) {
      assertSameLogits(whole.answer(QUESTION, full(6)), incremental.answer(QUESTION, full(6)));
    }
  }

  @Test
  void lazyPrefillEqualsEager() {
    List<Frame> frames = frames(3, 2);
    try (StreamingSession eager = session(model, SessionOptions.eager(), frames);
        StreamingSession lazy = session(model, SessionOptions.lazy(), frames)) {
      assertEquals(lazy.prefixLength(), lazy.cachedPositions(), "lazy tokens wait for a question");
      SessionAnswer answer = lazy.answer(QUESTION, full(4));
      assertSameLogits(eager.answer(QUESTION, full(4)), answer);
      assertTrue(answer.timings().pendingPrefillMs() > 0);
      assertEquals(eager.cachedPositions(), lazy.cachedPositions());
    }
  }

  @Test
  void answeringLeavesTheSessionAsItWas() {
    try (StreamingSession s = session(model, SessionOptions.eager(), frames(2, 3))) {
      int positions = s.cachedPositions();
      long bytes = s.kvBytes();
      SessionAnswer first = s.answer(QUESTION, full(5));
      assertEquals(positions, s.cachedPositions());
      assertEquals(bytes, s.kvBytes());
      assertSameLogits(first, s.answer(QUESTION, full(5)));
    }
  }

  @Test
  void evictingTheNewestTokensEqualsAFreshSessionOfTheRest() {
    List<Frame> frames = frames(3, 4);
    try (StreamingSession evicted = session(model, SessionOptions.eager(), frames);
        StreamingSession fresh = session(model, SessionOptions.eager(), frames.subList(0, 2))) {
      assertEquals(TOKENS_PER_FRAME, evicted.evict(frames.get(2).ids()));
      assertEquals(fresh.tokenIds(), evicted.tokenIds());
      assertSameLogits(fresh.answer(QUESTION, full(5)), evicted.answer(QUESTION, full(5)));
    }
  }

  @Test
  void evictingAnyTokensEqualsAFreshSessionOfTheRestInOneLayer() {
    // With one layer a token's keys and values depend only on its embedding and position, so
    // removing rows from the middle and shifting the rest to contiguous positions must give
    // exactly the cache a fresh prefill of the survivors builds.
    Frame all = merge(frames(3, 5));
    List<TokenId> gone = new ArrayList<>();
    List<TokenId> keptIds = new ArrayList<>();
    List<float[]> keptEmb = new ArrayList<>();
    for (int i = 0; i < all.ids().size(); i++) {
      if (i % 3 == 1 || i < 4) {
        gone.add(all.ids().get(i));
      } else {
        keptIds.add(all.ids().get(i));
        keptEmb.add(all.embeddings()[i]);
      }
    }
    try (StreamingSession evicted = session(oneLayer, SessionOptions.eager(), List.of(all));
        StreamingSession fresh =
            session(
                oneLayer,
                SessionOptions.eager(),
                List.of(new Frame(keptIds, keptEmb.toArray(new float[0][]))))) {
      assertEquals(gone.size(), evicted.evict(gone));
      assertEquals(keptIds, evicted.tokenIds());
      assertSameLogits(fresh.answer(QUESTION, full(5)), evicted.answer(QUESTION, full(5)));
    }
  }

  @Test
  void evictionRemovesRowsFromEveryLayerAndIgnoresUnknownIds() {
    try (StreamingSession s = session(model, SessionOptions.eager(), frames(2, 6))) {
      TextConfig t = model.config();
      long bytesPerRow = (long) t.numLayers() * 2 * t.numKvHeads() * t.headDim() * Float.BYTES;
      assertEquals(s.cachedPositions() * bytesPerRow, s.kvBytes());
      int evicted = s.evict(List.of(new TokenId(0, 0), new TokenId(1, 5), new TokenId(99, 0)));
      assertEquals(2, evicted);
      assertEquals(2 * TOKENS_PER_FRAME - 2, s.visualTokenCount());
      assertFalse(s.contains(new TokenId(0, 0)));
      assertEquals(s.prefixLength() + 2 * TOKENS_PER_FRAME - 2, s.cachedPositions());
      assertEquals(s.cachedPositions() * bytesPerRow, s.kvBytes());
    }
  }

  @Test
  void duplicateTokenIdsAreRejected() {
    List<Frame> frames = frames(1, 7);
    try (StreamingSession s = session(model, SessionOptions.eager(), frames)) {
      assertThrows(
          IllegalArgumentException.class,
          () -> s.append(frames.get(0).ids(), frames.get(0).embeddings()));
    }
  }

  @Test
  void pruningWithRatioZeroEqualsNoPruning() {
    try (StreamingSession s = session(model, SessionOptions.eager(), frames(4, 8))) {
      SessionAnswer plain = s.answer(QUESTION, full(6));
      SessionAnswer dp = s.answer(QUESTION, full(6).withPruning(2, 0.0, 10_000));
      assertSameLogits(plain, dp);
      assertEquals(4.0 * TOKENS_PER_FRAME, dp.tokensAttended());
    }
  }

  @Test
  void pruningRestrictsTheUpperLayersWhileDecoding() {
    try (StreamingSession s = session(model, SessionOptions.eager(), frames(4, 9))) {
      SessionAnswer plain = s.answer(QUESTION, full(6));
      SessionAnswer dp = s.answer(QUESTION, full(6).withPruning(2, 0.7, 10_000));
      int visible = 4 * TOKENS_PER_FRAME;
      assertEquals(Math.ceil(0.3 * visible), dp.tokensAttended(), 1e-9);
      // The first token comes from the question's prefill, which DP leaves alone.
      assertArrayEquals(plain.stepLogits().get(0), dp.stepLogits().get(0), 1e-5f);
      float diff = 0;
      for (int i = 0; i < plain.stepLogits().get(1).length; i++) {
        diff = Math.max(diff, Math.abs(plain.stepLogits().get(1)[i] - dp.stepLogits().get(1)[i]));
      }
      assertTrue(diff > 1e-4, "pruned decoding must change the logits, max diff " + diff);
      SessionAnswer capped = s.answer(QUESTION, full(6).withPruning(2, 0.0, 5));
      assertEquals(5.0, capped.tokensAttended(), 1e-9);
    }
  }

  @Test
  void attentionIsExportedPerVisualToken() {
    List<Frame> frames = frames(2, 10);
    try (StreamingSession s = session(model, SessionOptions.eager(), frames)) {
      SessionAnswer answer = s.answer(QUESTION, full(4));
      assertEquals(s.tokenIds(), List.copyOf(answer.attention().keySet()));
      double total = 0;
      for (float a : answer.attention().values()) {
        assertTrue(a >= 0);
        total += a;
      }
      assertTrue(total > 0 && total <= 1 + 1e-5, "mass is a share of attention, was " + total);
      assertEquals(2 * TOKENS_PER_FRAME, answer.visualTokens());
    }
  }

  @Test
  void decodingStopsAtAStopToken() {
    PromptCodec stopAtAnything =
        new PromptCodec() {
          @Override
          public int[] prefixIds() {
            return codec.prefixIds();
          }

          @Override
          public int[] questionIds(String q) {
            return codec.questionIds(q);
          }

          @Override
          public boolean isStop(int id) {
            return true;
          }

          @Override
          public String decode(int[] ids) {
            return codec.decode(ids);
          }
        };
    try (StreamingSession s =
        new StreamingSession(model, stopAtAnything, null, SessionOptions.eager())) {
      SessionAnswer answer = s.answer(QUESTION, full(8));
      assertEquals(1, answer.generatedIds().length);
      assertEquals("", answer.text());
      assertEquals(0, answer.visualTokens());
    }
  }
}
