package dev.streamdycoke.operators.cache;

import static dev.streamdycoke.operators.cache.TokenCacheAssertions.assertSameIndex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.model.session.TokenId;
import dev.streamdycoke.operators.ttm.DycokeMerger;
import dev.streamdycoke.operators.ttm.MergeResult;
import dev.streamdycoke.operators.ttm.TtmConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenCacheTest {
  private static final List<EvictionPolicy> POLICIES =
      List.of(EvictionPolicy.fifo(), EvictionPolicy.lrr(), EvictionPolicy.decay());

  private static TokenId id(long seq, int cell) {
    return new TokenId(seq, cell);
  }

  /** Inserts random frames with occasional random answers; returns every eviction. */
  private static List<TokenId> randomRun(TokenCache cache, long seed, int frames) {
    return randomRun(cache, seed, frames, 0);
  }

  private static List<TokenId> randomRun(TokenCache cache, long seed, int frames, long firstFrame) {
    Random random = new Random(seed);
    List<TokenId> evictions = new ArrayList<>();
    for (long seq = firstFrame; seq < firstFrame + frames; seq++) {
      evictions.addAll(cache.insert(CacheFrames.randomSubset(random, seq * 3, 12)));
      if (random.nextInt(4) == 0) {
        Map<TokenId, Float> attention = new HashMap<>();
        for (TokenId t : cache.ids()) {
          if (random.nextBoolean()) {
            attention.put(t, random.nextFloat());
          }
        }
        cache.recordAnswer(attention);
      }
    }
    return evictions;
  }

  @Test
  void neverHoldsMoreThanCapacity() {
    for (EvictionPolicy policy : POLICIES) {
      TokenCache cache = new TokenCache(TokenCacheConfig.of(37, 5, policy));
      Random random = new Random(11);
      Set<TokenId> inserted = new HashSet<>();
      for (long seq = 0; seq < 400; seq++) {
        MergeResult frame = CacheFrames.randomSubset(random, seq, 12);
        for (int i = 0; i < frame.keptCount(); i++) {
          inserted.add(frame.keptId(i));
        }
        List<TokenId> evicted = cache.insert(frame);
        assertTrue(cache.size() <= 37, policy + " size " + cache.size());
        for (TokenId gone : evicted) {
          assertFalse(cache.contains(gone));
        }
        List<TokenId> ids = cache.ids();
        for (int i = 1; i < ids.size(); i++) {
          assertTrue(ids.get(i - 1).compareTo(ids.get(i)) < 0, "cache order is token order");
        }
        assertTrue(inserted.containsAll(ids));
        if (seq % 7 == 0) {
          Map<TokenId, Float> attention = new HashMap<>();
          ids.forEach(t -> attention.put(t, random.nextFloat()));
          cache.recordAnswer(attention);
        }
      }
      assertEquals(37, cache.size());
    }
  }

  @Test
  void fifoEvictsOldestInsertionsFirst() {
    TokenCache cache = new TokenCache(TokenCacheConfig.of(10, 2, EvictionPolicy.fifo()));
    Random random = new Random(1);
    assertTrue(cache.insert(CacheFrames.kept(random, 0, 4, 1f)).isEmpty());
    assertTrue(cache.insert(CacheFrames.kept(random, 1, 4, 1f)).isEmpty());
    assertEquals(List.of(id(0, 0), id(0, 1)), cache.insert(CacheFrames.kept(random, 2, 4, 1f)));
    cache.recordAnswer(Map.of(id(0, 2), 1f, id(0, 3), 1f));
    assertEquals(
        List.of(id(0, 2), id(0, 3), id(1, 0), id(1, 1)),
        cache.insert(CacheFrames.kept(random, 3, 4, 1f)));
    assertEquals(
        List.of(
            id(1, 2), id(1, 3), id(2, 0), id(2, 1), id(2, 2), id(2, 3), id(3, 0), id(3, 1),
            id(3, 2), id(3, 3)),
        cache.ids());
  }

  @Test
  void lrrEqualsFifoWithoutAnswersAndDiffersWithThem() {
    TokenCache fifo = new TokenCache(TokenCacheConfig.of(12, 2, EvictionPolicy.fifo()));
    TokenCache lrr = new TokenCache(TokenCacheConfig.of(12, 2, EvictionPolicy.lrr()));
    Random a = new Random(5);
    Random b = new Random(5);
    for (long seq = 0; seq < 30; seq++) {
      assertEquals(
          fifo.insert(CacheFrames.randomSubset(a, seq, 6)),
          lrr.insert(CacheFrames.randomSubset(b, seq, 6)));
      assertEquals(fifo.ids(), lrr.ids());
    }

    fifo = new TokenCache(TokenCacheConfig.of(12, 2, EvictionPolicy.fifo()));
    lrr = new TokenCache(TokenCacheConfig.of(12, 2, EvictionPolicy.lrr()));
    Random random = new Random(6);
    for (long seq = 0; seq < 3; seq++) {
      MergeResult frame = CacheFrames.kept(random, seq, 4, 0.5f);
      fifo.insert(frame);
      lrr.insert(frame);
    }
    // At clock 3 an answer uses the two oldest tokens most (top A = 2): relevant now.
    Map<TokenId, Float> attention =
        Map.of(id(0, 0), 0.9f, id(0, 1), 0.8f, id(1, 0), 0.1f, id(2, 0), 0.2f);
    fifo.recordAnswer(attention);
    lrr.recordAnswer(attention);
    MergeResult next = CacheFrames.kept(random, 3, 4, 0.5f);
    assertEquals(List.of(id(0, 0), id(0, 1), id(0, 2), id(0, 3)), fifo.insert(next));
    assertEquals(List.of(id(0, 2), id(0, 3), id(1, 0), id(1, 1)), lrr.insert(next));
    assertTrue(lrr.contains(id(0, 0)));
    assertEquals(3, lrr.entries().get(0).lastRelevant());
  }

  @Test
  void lrrDiffersFromFifoWhenTheCacheFitsInTheActiveSet() {
    // C = A = 12: every cached token is in the answer's top A, so only the share decides.
    TokenCache fifo = new TokenCache(TokenCacheConfig.of(12, 12, EvictionPolicy.fifo()));
    TokenCache lrr = new TokenCache(TokenCacheConfig.of(12, 12, EvictionPolicy.lrr()));
    Random random = new Random(7);
    for (long seq = 0; seq < 3; seq++) {
      MergeResult frame = CacheFrames.kept(random, seq, 4, 0.5f);
      fifo.insert(frame);
      lrr.insert(frame);
    }
    // The oldest two tokens draw most of the answer's attention; the rest less than 1/12 each.
    Map<TokenId, Float> attention = new HashMap<>();
    for (TokenId t : lrr.ids()) {
      attention.put(t, t.seq() == 0 && t.cell() < 2 ? 0.4f : 0.02f);
    }
    fifo.recordAnswer(attention);
    lrr.recordAnswer(attention);
    MergeResult next = CacheFrames.kept(random, 3, 4, 0.5f);
    assertEquals(List.of(id(0, 0), id(0, 1), id(0, 2), id(0, 3)), fifo.insert(next));
    assertEquals(List.of(id(0, 2), id(0, 3), id(1, 0), id(1, 1)), lrr.insert(next));
    assertTrue(lrr.contains(id(0, 0)));
    assertTrue(lrr.contains(id(0, 1)));
  }

  @Test
  void evenAttentionMakesNoTokenRelevant() {
    TokenCache cache = new TokenCache(TokenCacheConfig.of(8, 8, EvictionPolicy.lrr()));
    Random random = new Random(8);
    cache.insert(CacheFrames.kept(random, 0, 4, 0.5f));
    cache.insert(CacheFrames.kept(random, 1, 4, 0.5f));
    Map<TokenId, Float> attention = new HashMap<>();
    cache.ids().forEach(t -> attention.put(t, 0.125f));
    cache.recordAnswer(attention);
    for (CacheEntry entry : cache.entries()) {
      assertEquals(entry.insertedAt(), entry.lastRelevant(), entry.id() + " became relevant");
    }
    assertEquals(
        List.of(id(0, 0), id(0, 1), id(0, 2), id(0, 3)),
        cache.insert(CacheFrames.kept(random, 2, 4, 0.5f)));
  }

  @Test
  void relevantAttentionThresholdMarksBeyondTopA() {
    TokenCacheConfig config = new TokenCacheConfig(8, 1, EvictionPolicy.lrr(), 0.5, 0.5);
    TokenCache cache = new TokenCache(config);
    Random random = new Random(2);
    cache.insert(CacheFrames.kept(random, 0, 4, 1f));
    cache.insert(CacheFrames.kept(random, 1, 4, 1f));
    cache.recordAnswer(Map.of(id(0, 0), 1f, id(0, 1), 0.6f, id(0, 2), 0.4f));
    List<CacheEntry> entries = cache.entries();
    assertEquals(2, entries.get(0).lastRelevant());
    assertEquals(2, entries.get(1).lastRelevant());
    assertEquals(1, entries.get(2).lastRelevant());
  }

  @Test
  void decayKeepsTokensAnswersKeepUsingWhileFifoEvictsThem() {
    Map<String, TokenCache> caches = new HashMap<>();
    for (EvictionPolicy policy : POLICIES) {
      TokenCache cache = new TokenCache(TokenCacheConfig.of(12, 2, policy));
      Random random = new Random(3);
      for (long seq = 0; seq < 20; seq++) {
        cache.insert(CacheFrames.kept(random, seq, 4, 0.5f));
        Map<TokenId, Float> attention = new HashMap<>();
        for (TokenId t : cache.ids()) {
          attention.put(t, t.seq() == 0 && t.cell() < 2 ? 1f : 0.01f);
        }
        cache.recordAnswer(attention);
      }
      caches.put(policy.name(), cache);
    }
    assertTrue(caches.get("DECAY").contains(id(0, 0)));
    assertTrue(caches.get("DECAY").contains(id(0, 1)));
    assertFalse(caches.get("DECAY").contains(id(0, 2)));
    assertFalse(caches.get("FIFO").contains(id(0, 0)));
    assertTrue(caches.get("LRR").contains(id(0, 0)));
    assertTrue(caches.get("DECAY").entries().get(0).score() > 0.99f);
  }

  @Test
  void decayFadesStaleScores() {
    TokenCache cache = new TokenCache(TokenCacheConfig.of(8, 2, EvictionPolicy.decay()));
    Random random = new Random(4);
    cache.insert(CacheFrames.kept(random, 0, 4, 0.9f));
    for (long seq = 1; seq < 40; seq++) {
      cache.insert(CacheFrames.kept(random, seq, 1, 0.2f));
    }
    // Score 0.9 aged 39 frames (0.9 * e^-1.95 = 0.13) is below a fresh 0.2: the old tokens left.
    assertFalse(cache.contains(id(0, 0)));
  }

  @Test
  void scoresAreAnEmaOfNormalisedAttention() {
    TokenCache cache = new TokenCache(TokenCacheConfig.of(8, 2, EvictionPolicy.decay()));
    cache.insert(CacheFrames.kept(new Random(5), 0, 3, 0.4f));
    cache.recordAnswer(Map.of(id(0, 0), 4f, id(0, 1), 2f));
    List<CacheEntry> entries = cache.entries();
    assertEquals(0.7f, entries.get(0).score(), 1e-6);
    assertEquals(0.45f, entries.get(1).score(), 1e-6);
    assertEquals(0.2f, entries.get(2).score(), 1e-6);
  }

  @Test
  void mergedTokensAddSupportToTheirCachedRepresentative() {
    TokenCache cache = new TokenCache(TokenCacheConfig.of(64, 8, EvictionPolicy.fifo()));
    Random random = new Random(6);
    float[][] scene = new float[6][CacheFrames.D];
    for (float[] row : scene) {
      row[random.nextInt(CacheFrames.D)] = 1f;
    }
    DycokeMerger merger = new DycokeMerger(TtmConfig.dycoke(0.5)); // keeps 3 of 6
    for (long seq = 0; seq < 4; seq++) {
      cache.insert(merger.merge(seq, scene));
    }
    // Static scene: seq 1..3 keep cells 0..2 and merge cells 3..5 into seq 0 (seq 3 through seq 2's
    // pruned cells, which resolve to seq 0).
    List<CacheEntry> entries = cache.entries();
    assertEquals(6 + 3 * 3, entries.size());
    for (CacheEntry e : entries) {
      int expected = e.id().seq() == 0 && e.id().cell() >= 3 ? 4 : 1;
      assertEquals(expected, e.support(), e.id().toString());
    }
  }

  @Test
  void sameInputGivesTheSameCache() {
    for (EvictionPolicy policy : POLICIES) {
      TokenCache a = new TokenCache(TokenCacheConfig.of(50, 10, policy));
      TokenCache b = new TokenCache(TokenCacheConfig.of(50, 10, policy));
      assertEquals(randomRun(a, 42, 300), randomRun(b, 42, 300));
      assertEquals(a.entries(), b.entries());
      assertTrue(java.util.Arrays.deepEquals(a.embeddings(), b.embeddings()));
    }
  }

  @Test
  void policiesDifferOnTheSameInput() {
    TokenCache fifo = new TokenCache(TokenCacheConfig.of(50, 10, EvictionPolicy.fifo()));
    TokenCache decay = new TokenCache(TokenCacheConfig.of(50, 10, EvictionPolicy.decay()));
    assertNotEquals(randomRun(fifo, 7, 200), randomRun(decay, 7, 200));
  }

  @Test
  void snapshotRestoreYieldsAnIdenticalCache() {
    for (EvictionPolicy policy : POLICIES) {
      TokenCacheConfig config = TokenCacheConfig.of(40, 8, policy);
      TokenCache original = new TokenCache(config);
      randomRun(original, 9, 100);
      TokenCacheState state = original.snapshot();
      TokenCache restored = TokenCache.restore(config, state);
      restored.loadRows(original::storedRow);
      assertEquals(original.entries(), restored.entries());
      assertTrue(java.util.Arrays.deepEquals(original.embeddings(), restored.embeddings()));
      assertEquals(original.stateBytes(), restored.stateBytes());
      assertEquals(original.clock(), restored.clock());

      List<TokenId> idsAtSnapshot = original.ids();
      assertEquals(randomRun(original, 10, 50, 100), randomRun(restored, 10, 50, 100));
      assertEquals(original.entries(), restored.entries());
      assertEquals(idsAtSnapshot.size(), state.size());
      for (int i = 0; i < state.size(); i++) {
        assertEquals(idsAtSnapshot.get(i), id(state.seq[i], state.cell[i]));
      }
    }
  }

  @Test
  void aCacheRestoredWithoutItsRowsEvolvesAsTheOriginalAndLoadsThemOnDemand() {
    for (EvictionPolicy policy : POLICIES) {
      TokenCacheConfig config = TokenCacheConfig.of(40, 8, policy);
      TokenCache original = new TokenCache(config);
      randomRun(original, 11, 100);
      Map<TokenId, short[]> stored = new HashMap<>();
      for (TokenId id : original.ids()) {
        stored.put(id, original.storedRow(id));
      }
      TokenCache indexOnly = TokenCache.restore(config, original.snapshot());
      assertThrows(IllegalStateException.class, indexOnly::embeddings, "rows were never loaded");

      // Inserting, evicting and scoring need only the index: a camera without a live session.
      assertEquals(randomRun(original, 12, 30, 100), randomRun(indexOnly, 12, 30, 100));
      assertEquals(original.entries(), indexOnly.entries());
      for (TokenId id : indexOnly.ids()) {
        if (indexOnly.storedRow(id) != null) {
          stored.put(id, indexOnly.storedRow(id));
        }
      }
      indexOnly.loadRows(stored::get);
      assertTrue(java.util.Arrays.deepEquals(original.embeddings(), indexOnly.embeddings()));

      TokenCache missing = TokenCache.restore(config, original.snapshot());
      assertThrows(IllegalStateException.class, () -> missing.loadRows(id -> null));
    }
  }

  @Test
  void embeddingsComeBackAsFp16() {
    TokenCache cache = new TokenCache(TokenCacheConfig.of(8, 2, EvictionPolicy.fifo()));
    MergeResult frame = CacheFrames.kept(new Random(8), 0, 3, 1f);
    cache.insert(frame);
    float[][] back = cache.embeddings(List.of(id(0, 2), id(5, 5)));
    for (int j = 0; j < CacheFrames.D; j++) {
      float v = frame.keptEmbedding(2)[j];
      assertEquals(v, back[0][j], Math.abs(v) * 0x1p-11f + 1e-7f);
    }
    assertEquals(null, back[1]);
    assertEquals(3L * (2 * CacheFrames.D + 40) + 64, cache.stateBytes());
  }

  @Test
  void rejectsFramesItCannotHold() {
    TokenCache cache = new TokenCache(TokenCacheConfig.of(2, 1, EvictionPolicy.fifo()));
    Random random = new Random(9);
    assertThrows(
        IllegalArgumentException.class, () -> cache.insert(CacheFrames.kept(random, 0, 3, 1f)));
    cache.insert(CacheFrames.kept(random, 1, 2, 1f));
    assertThrows(
        IllegalArgumentException.class, () -> cache.insert(CacheFrames.kept(random, 1, 1, 1f)));
    assertThrows(
        IllegalArgumentException.class, () -> TokenCacheConfig.of(4, 5, EvictionPolicy.fifo()));
    assertThrows(IllegalArgumentException.class, () -> EvictionPolicy.named("LFU"));
    assertEquals("DECAY", EvictionPolicy.named("decay").name());
  }

  @Test
  void cacheOrderHoldsTheWholeDycokeStreamBounded() {
    TokenCache cache = new TokenCache(TokenCacheConfig.defaults());
    DycokeMerger merger = new DycokeMerger(TtmConfig.defaults());
    Random random = new Random(10);
    for (long seq = 0; seq < 40; seq++) {
      float[][] frame = new float[196][16];
      for (float[] row : frame) {
        for (int j = 0; j < row.length; j++) {
          row[j] = (float) random.nextGaussian();
        }
      }
      cache.insert(merger.merge(seq, frame));
      assertTrue(cache.size() <= 1024);
    }
    assertEquals(1024, cache.size());
    assertArrayEquals(new int[] {1024}, new int[] {cache.ids().size()});
  }

  /**
   * Storing only each step's changes (and deleting the frames left without tokens) keeps exactly
   * the index a whole snapshot holds, under every policy, with support from pruned tokens and
   * answers in between, and through a restore from what was stored; a frame without answers writes
   * one record, its own, and side values only for the frames it evicted from or supported.
   */
  @Test
  void indexChangesAppliedStepByStepRebuildTheWholeIndex() {
    for (EvictionPolicy policy : POLICIES) {
      TokenCacheConfig config = TokenCacheConfig.of(40, 6, policy);
      TokenCache cache = new TokenCache(config);
      // Fed the same frames and answers, never restored.
      TokenCache reference = new TokenCache(config);
      StoredIndex stored = new StoredIndex();
      Random random = new Random(11);
      float[][] scene = new float[12][CacheFrames.D];
      for (float[] row : scene) {
        row[random.nextInt(CacheFrames.D)] = 1f;
      }
      DycokeMerger merger = new DycokeMerger(TtmConfig.dycoke(0.5));
      for (long seq = 0; seq < 60; seq++) {
        float[][] frame = new float[12][];
        for (int c = 0; c < 12; c++) {
          frame[c] = random.nextInt(3) == 0 ? randomRow(random) : scene[c];
        }
        MergeResult merged = merger.merge(seq, frame);
        cache.insert(merged);
        reference.insert(merged);
        IndexChanges changes = cache.changes();
        assertFalse(changes.whole());
        assertEquals(merged.keptCount() > 0 ? 1 : 0, changes.frames().size(), "one record a frame");
        assertTrue(changes.scores().isEmpty(), "a frame moves no score");
        stored.apply(changes);
        assertSameIndex(cache.snapshot(), stored.read(), policy + " after seq " + seq);
        assertArrayEquals(cache.snapshot().rank, stored.read().rank, "ranks as stored");
        if (random.nextInt(3) == 0) {
          Map<TokenId, Float> attention = new HashMap<>();
          for (TokenId t : cache.ids()) {
            if (random.nextBoolean()) {
              attention.put(t, random.nextFloat());
            }
          }
          cache.recordAnswer(attention);
          reference.recordAnswer(attention);
          changes = cache.changes();
          assertTrue(changes.frames().isEmpty(), "an answer writes no record");
          stored.apply(changes);
          assertSameIndex(cache.snapshot(), stored.read(), policy + " answer after seq " + seq);
        }
        if (seq % 7 == 3) {
          // As after a restore: the cache is rebuilt from what state holds and goes on from there.
          cache = TokenCache.restore(config, stored.read());
        }
        assertSameIndex(reference.snapshot(), cache.snapshot(), policy + " restored at seq " + seq);
      }
      assertTrue(cache.changes().onlyHeader(), "changes are taken once");
    }
  }

  /**
   * An index read from the previous layout (one entry per token, no records) is written whole on
   * the cache's next change, after which storing changes goes on as for any cache.
   */
  @Test
  void anIndexOfThePreviousLayoutIsWrittenWholeOnItsNextChange() {
    TokenCacheConfig config = TokenCacheConfig.of(40, 6, EvictionPolicy.decay());
    TokenCache original = new TokenCache(config);
    Random random = new Random(5);
    DycokeMerger merger = new DycokeMerger(TtmConfig.dycoke(0.5));
    long seq = 0;
    for (; seq < 10; seq++) {
      original.insert(merger.merge(seq, randomFrame(random)));
    }
    Map<TokenId, Float> attention = new HashMap<>();
    for (TokenId t : original.ids()) {
      attention.put(t, random.nextFloat());
    }
    original.recordAnswer(attention);
    Map<Long, StoredEntry> entries = new HashMap<>();
    for (CacheEntry e : original.entries()) {
      entries.put(
          StoredCache.rowKey(e.id()),
          new StoredEntry(e.insertedAt(), e.lastRelevant(), e.score(), e.support()));
    }
    TokenCacheState previous =
        IndexLayout.readEntries(
            new CacheHeader(original.clock(), original.lastSeq(), CacheFrames.D),
            entries.entrySet());
    assertSameIndex(original.snapshot(), previous, "read from one entry per token");

    TokenCache cache = TokenCache.restore(config, previous);
    StoredIndex stored = new StoredIndex();
    for (; seq < 30; seq++) {
      MergeResult merged = merger.merge(seq, randomFrame(random));
      original.insert(merged);
      cache.insert(merged);
      IndexChanges changes = cache.changes();
      assertEquals(seq == 10, changes.whole(), "only the first change is whole");
      stored.apply(changes);
      assertSameIndex(original.snapshot(), stored.read(), "after seq " + seq);
    }
  }

  private static float[][] randomFrame(Random random) {
    float[][] frame = new float[12][];
    for (int c = 0; c < 12; c++) {
      frame[c] = randomRow(random);
    }
    return frame;
  }

  private static float[] randomRow(Random random) {
    float[] row = new float[CacheFrames.D];
    for (int j = 0; j < row.length; j++) {
      row[j] = (float) random.nextGaussian();
    }
    return row;
  }
}
