package dev.streamdycoke.operators.answer;

import static dev.streamdycoke.operators.cache.TokenCacheAssertions.assertSameIndex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.model.session.TokenId;
import dev.streamdycoke.operators.ModelSpec;
import dev.streamdycoke.operators.TestModels;
import dev.streamdycoke.operators.cache.CacheEntry;
import dev.streamdycoke.operators.cache.CacheHeader;
import dev.streamdycoke.operators.cache.CachedFrame;
import dev.streamdycoke.operators.cache.EvictionPolicy;
import dev.streamdycoke.operators.cache.FrameScores;
import dev.streamdycoke.operators.cache.IndexLayout;
import dev.streamdycoke.operators.cache.StoredCache;
import dev.streamdycoke.operators.cache.StoredEntry;
import dev.streamdycoke.operators.cache.TokenCache;
import dev.streamdycoke.operators.cache.TokenCacheConfig;
import dev.streamdycoke.operators.cache.TokenCacheState;
import dev.streamdycoke.operators.encode.BatchPolicy;
import dev.streamdycoke.operators.encode.EncodeAndMergeOperator;
import dev.streamdycoke.operators.records.CameraQuery;
import dev.streamdycoke.operators.records.DecodedFrame;
import dev.streamdycoke.operators.records.FrameTokens;
import dev.streamdycoke.operators.ttm.TtmConfig;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AnswerFunctionTest {
  @TempDir static Path checkpointDir;
  private static ModelSpec model;

  /** Real tokens of 12 frames of camera "cam-a": the tiny encoder's output after dycoke TTM. */
  private static List<FrameTokens> tokens;

  @BeforeAll
  static void encodeFrames() throws Exception {
    model = TestModels.tinyCheckpoint(checkpointDir);
    try (var encode =
        new KeyedOneInputStreamOperatorTestHarness<String, DecodedFrame, FrameTokens>(
            new EncodeAndMergeOperator(model, TtmConfig.dycoke(0.7), new BatchPolicy(4, 0)),
            f -> f.cameraId,
            Types.STRING)) {
      encode.open();
      for (long seq = 0; seq < 12; seq++) {
        encode.processElement(new StreamRecord<>(TestModels.frame("cam-a", seq)));
      }
      encode.prepareSnapshotPreBarrier(1);
      tokens = encode.extractOutputValues();
    }
    assertEquals(12, tokens.size());
  }

  private static KeyedTwoInputStreamOperatorTestHarness<String, FrameTokens, CameraQuery, Answer>
      harness(AnswerConfig config) throws Exception {
    return new KeyedTwoInputStreamOperatorTestHarness<>(
        new KeyedCoProcessOperator<>(new AnswerFunction(model, config)),
        t -> t.cameraId,
        q -> q.cameraId,
        Types.STRING);
  }

  private static AnswerConfig config(int capacity, EvictionPolicy policy) {
    return AnswerConfig.defaults()
        .withCache(TokenCacheConfig.of(capacity, Math.min(64, capacity), policy))
        .withDecoding(AnswerConfig.defaults().decoding().withMaxNewTokens(4));
  }

  private static CameraQuery query(String id, String camera) {
    return new CameraQuery(id, camera, "what is moving?", 0L, 0L, 4, null);
  }

  private static TokenCacheState cacheOf(
      KeyedTwoInputStreamOperatorTestHarness<String, ?, ?, ?> h, String camera) throws Exception {
    var backend = h.getOperator().getKeyedStateBackend();
    backend.setCurrentKey(camera);
    CacheHeader header =
        backend
            .getPartitionedState(
                VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE,
                new ValueStateDescriptor<>(
                    AnswerFunction.CACHE_HEADER_STATE, TypeInformation.of(CacheHeader.class)))
            .value();
    return IndexLayout.read(
        header,
        mapState(h, AnswerFunction.CACHE_FRAMES_STATE, TypeInformation.of(CachedFrame.class))
            .entries(),
        mapState(h, AnswerFunction.CACHE_PRESENT_STATE, BYTES).entries(),
        mapState(h, AnswerFunction.CACHE_SUPPORT_STATE, BYTES).entries(),
        mapState(h, AnswerFunction.CACHE_SCORES_STATE, TypeInformation.of(FrameScores.class))
            .entries());
  }

  private static final TypeInformation<byte[]> BYTES =
      PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO;

  /** A map state of the current key (set by the caller) by frame seq or row key. */
  private static <V> MapState<Long, V> mapState(
      KeyedTwoInputStreamOperatorTestHarness<String, ?, ?, ?> h,
      String name,
      TypeInformation<V> values)
      throws Exception {
    return h.getOperator()
        .getKeyedStateBackend()
        .getPartitionedState(
            VoidNamespace.INSTANCE,
            VoidNamespaceSerializer.INSTANCE,
            new MapStateDescriptor<>(name, Types.LONG, values));
  }

  /** The stored embedding rows' keys of a camera, sorted. */
  private static List<Long> rowKeysOf(
      KeyedTwoInputStreamOperatorTestHarness<String, ?, ?, ?> h, String camera) throws Exception {
    var backend = h.getOperator().getKeyedStateBackend();
    backend.setCurrentKey(camera);
    MapState<Long, short[]> rows =
        backend.getPartitionedState(
            VoidNamespace.INSTANCE,
            VoidNamespaceSerializer.INSTANCE,
            new MapStateDescriptor<>(
                AnswerFunction.CACHE_ROWS_STATE,
                Types.LONG,
                PrimitiveArrayTypeInfo.SHORT_PRIMITIVE_ARRAY_TYPE_INFO));
    List<Long> keys = new ArrayList<>();
    rows.keys().forEach(keys::add);
    keys.sort(null);
    return keys;
  }

  @Test
  void answersAtOnceFromTheCacheAsItStandsAtTheLastFrame() throws Exception {
    try (var h = harness(config(1024, EvictionPolicy.decay()))) {
      h.open();
      int kept = 0;
      for (int i = 0; i < 6; i++) {
        h.processElement1(new StreamRecord<>(tokens.get(i)));
        kept += tokens.get(i).keptCount();
      }
      h.processElement2(new StreamRecord<>(query("q1", "cam-a")));
      List<Answer> answers = h.extractOutputValues();
      assertEquals(1, answers.size());
      Answer a = answers.get(0);
      assertEquals(AnswerStatus.OK, a.getStatus());
      assertNull(a.getError());
      assertEquals("q1", a.getQueryId());
      assertEquals(5, a.getAnsweredAtSeq());
      assertEquals(0, a.getFirstSeq());
      assertEquals(5, a.getLastSeq());
      assertEquals(kept, a.getVisualTokens());
      assertEquals(kept / (6.0 * 196), a.getRetainedRatio(), 1e-9);
      assertTrue(a.getTokensAttended() > 0 && a.getTokensAttended() <= kept);
      assertTrue(a.getTimings().getFirstTokenMs() > 0);
    }
  }

  @Test
  void answersSayHowOldTheirSceneIsCountingFramesTheGateSkipped() throws Exception {
    try (var h = harness(config(1024, EvictionPolicy.decay()))) {
      h.open();
      h.processElement2(new StreamRecord<>(query("q0", "cam-a")));
      for (int i = 0; i < 6; i++) {
        h.processElement1(new StreamRecord<>(tokens.get(i)));
      }
      long lastEncoded = tokens.get(5).captureTime;
      h.setProcessingTime(lastEncoded + 700);
      h.processElement2(new StreamRecord<>(query("q1", "cam-a")));
      // Seq 6 unchanged since 5, captured 100 ms later; a replayed marker of seq 4 changes nothing.
      h.processElement1(new StreamRecord<>(FrameTokens.unchanged("cam-a", 6, lastEncoded + 100)));
      h.processElement1(new StreamRecord<>(FrameTokens.unchanged("cam-a", 4, lastEncoded - 100)));
      h.setProcessingTime(lastEncoded + 1_000);
      h.processElement2(new StreamRecord<>(query("q2", "cam-a")));

      List<Answer> answers = h.extractOutputValues();
      Answer none = answers.get(0);
      assertEquals(AnswerStatus.NO_FRAMES, none.getStatus());
      assertNull(none.getNewestCaptureTime());
      assertNull(none.getStalenessMs());

      Answer first = answers.get(1);
      assertEquals(AnswerStatus.OK, first.getStatus());
      assertEquals(lastEncoded, first.getNewestCaptureTime().toEpochMilli());
      assertEquals(700L, first.getStalenessMs());
      assertEquals(5, first.getAnsweredAtSeq());

      Answer second = answers.get(2);
      assertEquals(AnswerStatus.OK, second.getStatus());
      assertEquals(lastEncoded + 100, second.getNewestCaptureTime().toEpochMilli());
      assertEquals(900L, second.getStalenessMs());
      assertEquals(6, second.getAnsweredAtSeq(), "the skipped frame was seen");
      assertEquals(5, second.getLastSeq(), "but its tokens are its reference's");
      assertEquals(first.getVisualTokens(), second.getVisualTokens());
    }
  }

  @Test
  void aCacheSmallerThanOneFrameIsRefusedWhenTheOperatorOpensNotOnTheFirstFrame() throws Exception {
    try (var h = harness(config(195, EvictionPolicy.fifo()))) {
      Exception e = assertThrows(Exception.class, h::open);
      Throwable cause = e;
      while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
        cause = cause.getCause();
      }
      assertTrue(
          cause.getMessage().contains("--cache-capacity to at least 196"), cause.getMessage());
    }
  }

  @Test
  void aCameraWithoutFramesGetsNoFrames() throws Exception {
    try (var h = harness(config(1024, EvictionPolicy.decay()))) {
      h.open();
      h.processElement2(new StreamRecord<>(query("q1", "cam-unknown")));
      Answer a = h.extractOutputValues().get(0);
      assertEquals(AnswerStatus.NO_FRAMES, a.getStatus());
      assertEquals(-1, a.getAnsweredAtSeq());
      assertTrue(a.getError().contains("cam-unknown"));
    }
  }

  @Test
  void aQueryPastItsDeadlineIsRejected() throws Exception {
    try (var h = harness(config(1024, EvictionPolicy.decay()))) {
      h.open();
      h.processElement1(new StreamRecord<>(tokens.get(0)));
      h.setProcessingTime(10_000);
      CameraQuery late = query("q1", "cam-a");
      late.deadline = 9_000L;
      h.processElement2(new StreamRecord<>(late));
      Answer a = h.extractOutputValues().get(0);
      assertEquals(AnswerStatus.REJECTED, a.getStatus());
      assertTrue(a.getError().contains("deadline"));
    }
  }

  @Test
  void theCacheInStateNeverHoldsMoreThanItsCapacity() throws Exception {
    int capacity = 300;
    try (var h = harness(config(capacity, EvictionPolicy.fifo()))) {
      h.open();
      long lastSeqWithTokens = -1;
      for (FrameTokens t : tokens) {
        h.processElement1(new StreamRecord<>(t));
        TokenCacheState state = cacheOf(h, "cam-a");
        assertTrue(state.seq.length <= capacity, "cache holds " + state.seq.length);
        // Exactly one stored embedding row per cached token: evicted rows leave state too.
        List<Long> expectedKeys = new ArrayList<>();
        for (int i = 0; i < state.size(); i++) {
          expectedKeys.add(StoredCache.rowKey(new TokenId(state.seq[i], state.cell[i])));
        }
        assertEquals(expectedKeys, rowKeysOf(h, "cam-a"));
        lastSeqWithTokens = t.seq;
        assertEquals(lastSeqWithTokens, state.lastSeq);
      }
      TokenCacheState state = cacheOf(h, "cam-a");
      assertTrue(
          state.seq.length > capacity - 196, "a full cache evicts only what the new frame needs");
      // FIFO evicts the oldest frames first: what remains is a suffix of the stream.
      long oldest = state.seq[0];
      int expected = 0;
      for (FrameTokens t : tokens) {
        if (t.seq > oldest) {
          expected += t.keptCount();
        }
      }
      assertEquals(expected, java.util.Arrays.stream(state.seq).filter(s -> s > oldest).count());
    }
  }

  @Test
  void lrrDiffersFromFifoOnceAnswersGiveAttention() throws Exception {
    List<TokenId> fifo = fifoCacheAfterQuestions();
    List<TokenId> lrr = cachedAfterQuestions(EvictionPolicy.lrr());
    assertEquals(fifo.size(), lrr.size());
    assertNotEquals(fifo, lrr, "answers' attention must change what LRR evicts");
  }

  @Test
  void decayKeepsTokensThatAnswersKeepUsing() throws Exception {
    List<TokenId> fifo = fifoCacheAfterQuestions();
    List<TokenId> decay = cachedAfterQuestions(EvictionPolicy.decay());
    long oldestFifo = fifo.get(0).seq();
    assertTrue(
        decay.stream().anyMatch(id -> id.seq() < oldestFifo),
        "DECAY keeps some early tokens that FIFO has evicted");
  }

  private static List<TokenId> fifoCache;

  private static synchronized List<TokenId> fifoCacheAfterQuestions() throws Exception {
    if (fifoCache == null) {
      fifoCache = cachedAfterQuestions(EvictionPolicy.fifo());
    }
    return fifoCache;
  }

  /** A question after every frame, with a cache of about two frames: every frame evicts. */
  private static List<TokenId> cachedAfterQuestions(EvictionPolicy policy) throws Exception {
    try (var h = harness(config(400, policy))) {
      h.open();
      for (int i = 0; i < tokens.size(); i++) {
        h.processElement1(new StreamRecord<>(tokens.get(i)));
        h.processElement2(new StreamRecord<>(query("q" + i, "cam-a")));
      }
      TokenCacheState state = cacheOf(h, "cam-a");
      List<TokenId> ids = new ArrayList<>();
      for (int i = 0; i < state.seq.length; i++) {
        ids.add(new TokenId(state.seq[i], state.cell[i]));
      }
      return ids;
    }
  }

  @Test
  void afterARestoreTheSessionIsRebuiltFromKeyedStateAndAnswersTheSame() throws Exception {
    Answer before;
    OperatorSubtaskState snapshot;
    try (var h = harness(config(1024, EvictionPolicy.decay()))) {
      h.open();
      for (int i = 0; i < 5; i++) {
        h.processElement1(new StreamRecord<>(tokens.get(i)));
      }
      snapshot = h.snapshot(1, 1);
      h.processElement2(new StreamRecord<>(query("q1", "cam-a")));
      before = h.extractOutputValues().get(0);
    }
    try (var h = harness(config(1024, EvictionPolicy.decay()))) {
      h.initializeState(snapshot);
      h.open();
      h.processElement2(new StreamRecord<>(query("q1", "cam-a")));
      Answer after = h.extractOutputValues().get(0);
      assertEquals(AnswerStatus.OK, after.getStatus());
      assertEquals(before.getAnsweredAtSeq(), after.getAnsweredAtSeq());
      assertEquals(before.getVisualTokens(), after.getVisualTokens());
      assertEquals(
          before.getAnswer(),
          after.getAnswer(),
          "no eviction happened, so the rebuilt session equals the live one");
      h.processElement1(new StreamRecord<>(tokens.get(5)));
      assertEquals(5, cacheOf(h, "cam-a").lastSeq, "frames continue after the restored ones");
      assertFalse(cacheOf(h, "cam-a").seq.length == 0);
    }
  }

  static Stream<Arguments> policiesAndBackends() {
    return backends()
        .flatMap(
            b ->
                Stream.of(EvictionPolicy.fifo(), EvictionPolicy.lrr(), EvictionPolicy.decay())
                    .map(p -> Arguments.of(b, p)));
  }

  /**
   * After every frame, each camera's stored index equals a cache fed its frames from scratch, for a
   * camera with a live session (written from memory) and one without (read from state, updated and
   * written back on every frame), across a restore from a snapshot.
   */
  @ParameterizedTest
  @MethodSource("policiesAndBackends")
  void theStoredIndexEqualsACacheFedEveryFrameWithAndWithoutALiveSession(
      StateBackend backend, EvictionPolicy policy) throws Exception {
    AnswerConfig config = config(400, policy).withSessions(AnswerConfig.defaults().sessions(), 1);
    Map<String, TokenCache> expected = new HashMap<>();
    OperatorSubtaskState snapshot = null;
    int restoreAt = 6;
    for (int run = 0; run < 2; run++) {
      try (var h = harness(config)) {
        h.setStateBackend(backend);
        if (snapshot != null) {
          h.initializeState(snapshot);
        }
        h.open();
        for (int i = run == 0 ? 0 : restoreAt; i < (run == 0 ? restoreAt : tokens.size()); i++) {
          for (String camera : List.of("cam-a", "cam-b")) {
            FrameTokens t = tokens.get(i);
            FrameTokens copy =
                FrameTokens.of(camera, t.captureTime, t.tokensPerFrame, t.toMergeResult());
            h.processElement1(new StreamRecord<>(copy));
            TokenCache cache =
                expected.computeIfAbsent(camera, c -> new TokenCache(config.cache()));
            cache.insert(copy.toMergeResult());
            assertSameIndex(cache.snapshot(), cacheOf(h, camera), camera + " after seq " + t.seq);
          }
        }
        snapshot = h.snapshot(1, 1);
      }
    }
  }

  static Stream<StateBackend> backends() {
    return Stream.of(new HashMapStateBackend(), new EmbeddedRocksDBStateBackend());
  }

  static Stream<Arguments> oldLayouts() {
    return backends().flatMap(b -> Stream.of(Arguments.of(b, false), Arguments.of(b, true)));
  }

  /**
   * A savepoint of an older index layout is migrated: the one-value index ({@link
   * AnswerFunction#CACHE_STATE}) or the previous one entry per token ({@link
   * AnswerFunction#CACHE_ENTRIES_STATE}). A camera's next frame writes its whole index as frame
   * records and clears the old layout, and from then on the stored index is exactly what a cache
   * fed every frame holds. A camera asked a question before its next frame is answered from the old
   * layout and migrated too.
   */
  @ParameterizedTest
  @MethodSource("oldLayouts")
  void aSavepointOfAnOlderIndexLayoutIsMigratedOnTheCamerasNextFrame(
      StateBackend backend, boolean entryPerToken) throws Exception {
    AnswerConfig config = config(400, EvictionPolicy.decay());
    OperatorSubtaskState snapshot;
    try (var h =
        new KeyedTwoInputStreamOperatorTestHarness<String, FrameTokens, CameraQuery, Answer>(
            new KeyedCoProcessOperator<>(new OlderIndexFunction(config, entryPerToken)),
            t -> t.cameraId,
            q -> q.cameraId,
            Types.STRING)) {
      h.setStateBackend(backend);
      h.open();
      for (int i = 0; i < 8; i++) {
        h.processElement1(new StreamRecord<>(tokens.get(i)));
      }
      snapshot = h.snapshot(1, 1);
    }
    TokenCache expected = new TokenCache(config.cache());
    for (int i = 0; i < 8; i++) {
      expected.insert(tokens.get(i).toMergeResult());
    }

    try (var h = harness(config)) {
      h.setStateBackend(backend);
      h.initializeState(snapshot);
      h.open();
      assertTrue(hasOlderIndex(h, "cam-a"));
      for (int i = 8; i < tokens.size(); i++) {
        h.processElement1(new StreamRecord<>(tokens.get(i)));
        expected.insert(tokens.get(i).toMergeResult());
        assertSameIndex(expected.snapshot(), cacheOf(h, "cam-a"), "after seq " + tokens.get(i).seq);
        assertFalse(hasOlderIndex(h, "cam-a"), "the old layout is cleared once migrated");
        List<Long> keys = new ArrayList<>();
        for (TokenId id : expected.ids()) {
          keys.add(StoredCache.rowKey(id));
        }
        assertEquals(keys, rowKeysOf(h, "cam-a"));
      }
      h.processElement2(new StreamRecord<>(query("q1", "cam-a")));
      assertEquals(AnswerStatus.OK, h.extractOutputValues().get(0).getStatus());
    }

    try (var h = harness(config)) {
      h.setStateBackend(backend);
      h.initializeState(snapshot);
      h.open();
      h.processElement2(new StreamRecord<>(query("q1", "cam-a")));
      assertEquals(AnswerStatus.OK, h.extractOutputValues().get(0).getStatus());
      assertFalse(hasOlderIndex(h, "cam-a"), "an answer migrates the camera too");
      TokenCacheState migrated = cacheOf(h, "cam-a");
      assertEquals(expected.size() > 0, migrated.size() > 0);
      assertEquals(8, migrated.clock);
      assertEquals(tokens.get(7).seq, migrated.lastSeq);
    }
  }

  /** Whether the camera still has an index in either older layout. */
  private static boolean hasOlderIndex(
      KeyedTwoInputStreamOperatorTestHarness<String, ?, ?, ?> h, String camera) throws Exception {
    if (oneValueIndexOf(h, camera) != null) {
      return true;
    }
    return !mapState(h, AnswerFunction.CACHE_ENTRIES_STATE, TypeInformation.of(StoredEntry.class))
        .isEmpty();
  }

  private static TokenCacheState oneValueIndexOf(
      KeyedTwoInputStreamOperatorTestHarness<String, ?, ?, ?> h, String camera) throws Exception {
    var backend = h.getOperator().getKeyedStateBackend();
    backend.setCurrentKey(camera);
    return backend
        .getPartitionedState(
            VoidNamespace.INSTANCE,
            VoidNamespaceSerializer.INSTANCE,
            new ValueStateDescriptor<>(
                AnswerFunction.CACHE_STATE, TypeInformation.of(TokenCacheState.class)))
        .value();
  }

  /**
   * The answer operator's cache state in an older index layout, to take a savepoint of, with one
   * row per token: the whole index under {@link AnswerFunction#CACHE_STATE}, written every frame,
   * or (the previous layout) a header and one entry per token, each written when it changed.
   */
  private static final class OlderIndexFunction
      extends KeyedCoProcessFunction<String, FrameTokens, CameraQuery, Answer> {
    private final AnswerConfig config;
    private final boolean entryPerToken;
    private transient Map<String, TokenCache> caches;
    private transient ValueState<TokenCacheState> index;
    private transient ValueState<CacheHeader> header;
    private transient MapState<Long, StoredEntry> entries;
    private transient MapState<Long, short[]> rows;

    OlderIndexFunction(AnswerConfig config, boolean entryPerToken) {
      this.config = config;
      this.entryPerToken = entryPerToken;
    }

    @Override
    public void open(OpenContext openContext) {
      caches = new HashMap<>();
      index =
          getRuntimeContext()
              .getState(
                  new ValueStateDescriptor<>(
                      AnswerFunction.CACHE_STATE, TypeInformation.of(TokenCacheState.class)));
      header =
          getRuntimeContext()
              .getState(
                  new ValueStateDescriptor<>(
                      AnswerFunction.CACHE_HEADER_STATE, TypeInformation.of(CacheHeader.class)));
      entries =
          getRuntimeContext()
              .getMapState(
                  new MapStateDescriptor<>(
                      AnswerFunction.CACHE_ENTRIES_STATE,
                      Types.LONG,
                      TypeInformation.of(StoredEntry.class)));
      rows =
          getRuntimeContext()
              .getMapState(
                  new MapStateDescriptor<>(
                      AnswerFunction.CACHE_ROWS_STATE,
                      Types.LONG,
                      PrimitiveArrayTypeInfo.SHORT_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement1(FrameTokens t, Context ctx, Collector<Answer> out)
        throws Exception {
      TokenCache cache = caches.computeIfAbsent(t.cameraId, c -> new TokenCache(config.cache()));
      for (TokenId gone : cache.insert(t.toMergeResult())) {
        rows.remove(StoredCache.rowKey(gone));
        entries.remove(StoredCache.rowKey(gone));
      }
      for (TokenId id : cache.ids()) {
        rows.put(StoredCache.rowKey(id), cache.storedRow(id));
      }
      if (!entryPerToken) {
        index.update(cache.snapshot());
        return;
      }
      CacheHeader h = new CacheHeader();
      h.clock = cache.clock();
      h.lastSeq = cache.lastSeq();
      h.dim = cache.snapshot().dim;
      header.update(h);
      for (CacheEntry e : cache.entries()) {
        StoredEntry entry = new StoredEntry();
        entry.insertedAt = e.insertedAt();
        entry.lastRelevant = e.lastRelevant();
        entry.score = e.score();
        entry.support = e.support();
        entries.put(StoredCache.rowKey(e.id()), entry);
      }
    }

    @Override
    public void processElement2(CameraQuery q, Context ctx, Collector<Answer> out) {}
  }
}
