package dev.streamdycoke.operators.answer;

import dev.streamdycoke.model.LanguageModel;
import dev.streamdycoke.model.session.TokenId;
import dev.streamdycoke.operators.ModelSpec;
import dev.streamdycoke.operators.cache.CacheHeader;
import dev.streamdycoke.operators.cache.CachedFrame;
import dev.streamdycoke.operators.cache.FrameScores;
import dev.streamdycoke.operators.cache.IndexChanges;
import dev.streamdycoke.operators.cache.IndexLayout;
import dev.streamdycoke.operators.cache.StoredCache;
import dev.streamdycoke.operators.cache.StoredEntry;
import dev.streamdycoke.operators.cache.TokenCacheState;
import dev.streamdycoke.operators.records.CameraQuery;
import dev.streamdycoke.operators.records.FrameTokens;
import dev.streamdycoke.operators.retire.CameraActivity;
import dev.streamdycoke.operators.retire.CameraIdleTracker;
import dev.streamdycoke.operators.retire.IdleTimeout;
import dev.streamdycoke.operators.standing.StandingLimits;
import dev.streamdycoke.operators.standing.StandingQuestions;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The answer operator, keyed by camera: frame tokens on the first input update the camera's token
 * cache (keyed state) and model session; queries on the second input are answered at once from it.
 * A thin Flink wrapper around {@link CameraAnswerer}.
 *
 * <p>Frames the change gate skipped arrive as {@link FrameTokens#unchanged} markers: they leave the
 * cache alone and only advance the camera's {@link #NEWEST_FRAME}, from which every answer gets its
 * freshness fields ({@link Freshness}) and the {@code answerStalenessMs} histogram its values.
 *
 * <p><b>Retirement.</b> A camera whose tokens stop for the {@link IdleTimeout} has its cache,
 * newest frame and activity cleared by its keyed processing-time timer, and its model session
 * closed ({@link IdleTimeout} says why timers and not state TTL); {@code camerasRetired} counts it.
 * What stays is a {@link #RETIRED_AT} marker (one long) so a question gets NO_FRAMES saying when
 * the camera was retired; the marker goes after one more timeout, or at the camera's next frame,
 * which starts a fresh context.
 *
 * <p><b>Standing questions</b> ({@link StandingQuestions}, docs/standing-questions.md) arrive on
 * the second input as registrations and cancels from the standing router and stay in keyed state
 * {@link StandingQuestions#STATE}, which retirement leaves alone; each frame then evaluates the due
 * ones against the context as it stands after the frame, exactly as a one-shot question would be.
 */
public final class AnswerFunction
    extends KeyedCoProcessFunction<String, FrameTokens, CameraQuery, Answer> {
  private static final long serialVersionUID = 1L;

  /**
   * Name of the keyed state holding a camera's token cache index as one value, the layout of the
   * oldest savepoints: read only to migrate a camera to the frame-record layout ({@link
   * IndexLayout}) on its next frame or answer, then cleared.
   */
  public static final String CACHE_STATE = "token-cache";

  /** Name of the keyed state holding each camera's cache clock, last seq and token width. */
  public static final String CACHE_HEADER_STATE = "token-cache-header";

  /**
   * Name of the keyed map state of the previous layout, one {@link StoredEntry} per cached token by
   * {@link StoredCache#rowKey}: read only to migrate a camera to the frame-record layout on its
   * next frame or answer, then cleared.
   */
  public static final String CACHE_ENTRIES_STATE = "token-cache-entries";

  /**
   * Name of the keyed map state holding one {@link CachedFrame} per frame with cached tokens, by
   * seq: written when the frame is inserted, deleted when its last token is evicted.
   */
  public static final String CACHE_FRAMES_STATE = "token-cache-frames";

  /**
   * Name of the keyed map state holding, by frame seq, which of a frame's tokens are still cached
   * (a bit set by rank), once eviction took some of them.
   */
  public static final String CACHE_PRESENT_STATE = "token-cache-present";

  /**
   * Name of the keyed map state holding, by frame seq, its tokens' supports (bit-packed support
   * minus one by rank), once pruned tokens raised them.
   */
  public static final String CACHE_SUPPORT_STATE = "token-cache-support";

  /**
   * Name of the keyed map state holding, by frame seq, its tokens' scores and last-relevant clocks
   * ({@link FrameScores}), once answers moved them.
   */
  public static final String CACHE_SCORES_STATE = "token-cache-scores";

  /**
   * Name of the keyed map state holding each cached token's fp16 embedding, by {@link
   * StoredCache#rowKey}.
   */
  public static final String CACHE_ROWS_STATE = "token-cache-rows";

  /** Name of the keyed state holding each camera's {@link NewestFrame}. */
  public static final String NEWEST_FRAME = "newest-frame";

  /** Name of the keyed state holding each camera's {@link CameraActivity}. */
  public static final String ACTIVITY_STATE = CameraIdleTracker.STATE_NAME;

  /**
   * Name of the keyed state holding when a retired camera was retired, until one more timeout
   * passes.
   */
  public static final String RETIRED_AT = "retired-at";

  /** Names of every keyed state this operator keeps per camera, for tests of retirement. */
  public static final List<String> KEYED_STATES =
      List.of(
          CACHE_STATE,
          CACHE_HEADER_STATE,
          CACHE_ENTRIES_STATE,
          CACHE_FRAMES_STATE,
          CACHE_PRESENT_STATE,
          CACHE_SUPPORT_STATE,
          CACHE_SCORES_STATE,
          CACHE_ROWS_STATE,
          NEWEST_FRAME,
          ACTIVITY_STATE,
          RETIRED_AT,
          StandingQuestions.STATE);

  private final ModelSpec modelSpec;
  private final AnswerConfig config;
  private final IdleTimeout idleTimeout;
  private final StandingLimits standingLimits;

  private transient LanguageModel model;
  private transient CameraAnswerer answerer;
  private transient ValueState<TokenCacheState> cacheState;
  private transient ValueState<CacheHeader> cacheHeader;
  private transient MapState<Long, StoredEntry> cacheEntries;
  private transient MapState<Long, CachedFrame> cacheFrames;
  private transient MapState<Long, byte[]> cachePresent;
  private transient MapState<Long, byte[]> cacheSupport;
  private transient MapState<Long, FrameScores> cacheScores;
  private transient MapState<Long, short[]> cacheRows;
  private transient ValueState<NewestFrame> newestFrame;
  private transient CameraIdleTracker idle;
  private transient ValueState<Long> retiredAt;
  private transient Counter camerasRetired;
  private transient StoredCache stored;
  private transient Counter tokensInserted;
  private transient Counter tokensEvicted;
  private transient Counter framesReplayed;
  private transient Histogram cacheFill;
  private transient Histogram tokensAppendMs;
  private transient Histogram prefillMs;
  private transient Histogram firstTokenMs;
  private transient Histogram decodeMs;
  private transient Histogram stalenessMs;
  private transient Map<AnswerStatus, Counter> answers;
  private transient StandingQuestions standing;

  /** Cameras never retired. */
  public AnswerFunction(ModelSpec modelSpec, AnswerConfig config) {
    this(modelSpec, config, IdleTimeout.never());
  }

  public AnswerFunction(ModelSpec modelSpec, AnswerConfig config, IdleTimeout idleTimeout) {
    this(modelSpec, config, idleTimeout, StandingLimits.defaults());
  }

  public AnswerFunction(
      ModelSpec modelSpec,
      AnswerConfig config,
      IdleTimeout idleTimeout,
      StandingLimits standingLimits) {
    this.modelSpec = modelSpec;
    this.config = config;
    this.idleTimeout = idleTimeout;
    this.standingLimits = standingLimits;
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    model = modelSpec.openLanguage();
    answerer = new CameraAnswerer(model, config);
    cacheState =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(CACHE_STATE, TypeInformation.of(TokenCacheState.class)));
    cacheHeader =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    CACHE_HEADER_STATE, TypeInformation.of(CacheHeader.class)));
    cacheEntries = mapByLong(CACHE_ENTRIES_STATE, TypeInformation.of(StoredEntry.class));
    cacheFrames = mapByLong(CACHE_FRAMES_STATE, TypeInformation.of(CachedFrame.class));
    cachePresent =
        mapByLong(CACHE_PRESENT_STATE, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    cacheSupport =
        mapByLong(CACHE_SUPPORT_STATE, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    cacheScores = mapByLong(CACHE_SCORES_STATE, TypeInformation.of(FrameScores.class));
    cacheRows = mapByLong(CACHE_ROWS_STATE, PrimitiveArrayTypeInfo.SHORT_PRIMITIVE_ARRAY_TYPE_INFO);
    newestFrame =
        getRuntimeContext().getState(new ValueStateDescriptor<>(NEWEST_FRAME, NewestFrame.class));
    idle =
        new CameraIdleTracker(
            idleTimeout, getRuntimeContext().getState(CameraIdleTracker.stateDescriptor()));
    retiredAt = getRuntimeContext().getState(new ValueStateDescriptor<>(RETIRED_AT, Types.LONG));
    stored = new KeyedStoredCache();
    MetricGroup metrics = getRuntimeContext().getMetricGroup();
    camerasRetired = metrics.counter("camerasRetired");
    tokensInserted = metrics.counter("tokensCached");
    long weightBytes = model.weightBytes();
    metrics.gauge("modelWeightBytes", (Gauge<Long>) () -> weightBytes);
    tokensEvicted = metrics.counter("evictions_" + config.cache().policy().name());
    framesReplayed = metrics.counter("framesReplayed");
    cacheFill = metrics.histogram("cacheFillPercent", new DescriptiveStatisticsHistogram(1000));
    tokensAppendMs =
        metrics.histogram("tokensAppendLatencyMs", new DescriptiveStatisticsHistogram(1000));
    prefillMs = metrics.histogram("prefillLatencyMs", new DescriptiveStatisticsHistogram(1000));
    firstTokenMs =
        metrics.histogram("firstTokenLatencyMs", new DescriptiveStatisticsHistogram(1000));
    decodeMs = metrics.histogram("decodeLatencyMs", new DescriptiveStatisticsHistogram(1000));
    stalenessMs = metrics.histogram("answerStalenessMs", new DescriptiveStatisticsHistogram(1000));
    metrics.gauge("liveSessions", () -> answerer.liveSessions());
    answers = new EnumMap<>(AnswerStatus.class);
    for (AnswerStatus status : AnswerStatus.values()) {
      answers.put(status, metrics.counter("answers_" + status.name()));
    }
    standing =
        new StandingQuestions(
            getRuntimeContext().getMapState(StandingQuestions.descriptor()),
            standingLimits,
            metrics);
  }

  @Override
  public void processElement1(FrameTokens tokens, Context ctx, Collector<Answer> out)
      throws Exception {
    StandingQuestions.FrameEffect effect = insertTokens(tokens, ctx);
    for (Answer event :
        standing.onFrame(
            ctx.getCurrentKey(),
            tokens.captureTime,
            effect,
            ctx.timerService().currentProcessingTime(),
            query -> answerNow(query, ctx))) {
      countAndCollect(event, out);
    }
  }

  /** Adds a frame's tokens to the camera's context, and says whether that changed it. */
  private StandingQuestions.FrameEffect insertTokens(FrameTokens tokens, Context ctx)
      throws Exception {
    seen(ctx, tokens.captureTime);
    if (NewestFrame.isNewer(newestFrame.value(), tokens.seq)) {
      newestFrame.update(new NewestFrame(tokens.seq, tokens.captureTime));
    }
    if (tokens.unchanged) {
      return StandingQuestions.FrameEffect.UNCHANGED;
    }
    long start = System.nanoTime();
    CameraAnswerer.TokensUpdate update = answerer.onTokens(ctx.getCurrentKey(), stored, tokens);
    // Cache insert, KV eviction and (eager) prefill of the frame's kept tokens.
    tokensAppendMs.update((System.nanoTime() - start) / 1_000_000);
    if (update.duplicate()) {
      framesReplayed.inc();
      return StandingQuestions.FrameEffect.REPLAYED;
    }
    storeIndex(update.changes());
    for (TokenId gone : update.removed()) {
      cacheRows.remove(StoredCache.rowKey(gone));
    }
    for (CameraAnswerer.StoredRow row : update.added()) {
      cacheRows.put(StoredCache.rowKey(row.id()), row.row());
    }
    tokensInserted.inc(update.inserted());
    tokensEvicted.inc(update.evicted());
    cacheFill.update(100L * update.cacheSize() / config.cache().capacity());
    return StandingQuestions.FrameEffect.CHANGED;
  }

  @Override
  public void processElement2(CameraQuery query, Context ctx, Collector<Answer> out)
      throws Exception {
    long now = ctx.timerService().currentProcessingTime();
    if (query.cancel || query.standing != null) {
      List<Answer> replies =
          query.cancel ? standing.cancel(query, now) : standing.register(query, now);
      for (Answer reply : replies) {
        countAndCollect(reply, out);
      }
      return;
    }
    countAndCollect(answerNow(query, ctx), out);
  }

  /** A camera's answer to a question from its context as it stands; stored state updated. */
  private Answer answerNow(CameraQuery query, Context ctx) throws Exception {
    long now = ctx.timerService().currentProcessingTime();
    Long retired = retiredAt.value();
    if (retired != null) {
      return AnswerRecords.retired(query, retired, idleTimeout.timeoutMillis(), now);
    }
    CameraAnswerer.QueryOutcome outcome = answerer.onQuery(ctx.getCurrentKey(), stored, query, now);
    if (outcome.changes() != null) {
      storeIndex(outcome.changes());
    }
    return Freshness.stamp(outcome.answer(), newestFrame.value());
  }

  /**
   * Writes a cache's index changes. Whole changes come from a cache read from an older layout (or
   * none): whatever the camera's index held in any layout is cleared first, which migrates it.
   */
  private void storeIndex(IndexChanges changes) throws Exception {
    if (changes.whole()) {
      clearIndex();
    }
    cacheHeader.update(changes.header());
    cacheFrames.putAll(changes.frames());
    cachePresent.putAll(changes.present());
    cacheSupport.putAll(changes.support());
    cacheScores.putAll(changes.scores());
    for (Long frame : changes.removed()) {
      cacheFrames.remove(frame);
      cachePresent.remove(frame);
      cacheSupport.remove(frame);
      cacheScores.remove(frame);
    }
  }

  /** Clears the current camera's cache index in every layout; the rows are not touched. */
  private void clearIndex() {
    cacheState.clear();
    cacheHeader.clear();
    cacheEntries.clear();
    cacheFrames.clear();
    cachePresent.clear();
    cacheSupport.clear();
    cacheScores.clear();
  }

  private void countAndCollect(Answer answer, Collector<Answer> out) {
    answers.get(answer.getStatus()).inc();
    if (answer.getStatus() == AnswerStatus.OK) {
      // Null only for a camera whose state predates the freshness fields (restored from an older
      // savepoint).
      if (answer.getStalenessMs() != null) {
        stalenessMs.update(answer.getStalenessMs());
      }
      prefillMs.update(Math.round(answer.getTimings().getPrefillMs()));
      firstTokenMs.update(Math.round(answer.getTimings().getFirstTokenMs()));
      decodeMs.update(Math.round(answer.getTimings().getDecodeMs()));
    }
    out.collect(answer);
  }

  /**
   * Records tokens of the current camera: a retired camera starts afresh, an idle timer is armed if
   * none is pending.
   */
  private void seen(Context ctx, long captureTime) throws Exception {
    Long retired = retiredAt.value();
    if (retired != null) {
      retiredAt.clear();
      ctx.timerService().deleteProcessingTimeTimer(retired + idleTimeout.timeoutMillis());
    }
    idle.frameSeen(
        ctx.timerService().currentProcessingTime(),
        captureTime,
        ctx.timerService()::registerProcessingTimeTimer);
  }

  /**
   * A camera's idle timer, or its retirement marker's; Flink has set the key context to the camera.
   */
  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Answer> out) throws Exception {
    if (!idleTimeout.enabled()) {
      // Armed before a restart that turned retirement off: retire nothing, forget any marker.
      retiredAt.clear();
      return;
    }
    switch (idle.timerFired(
        timestamp,
        ctx.timerService().currentWatermark(),
        ctx.timerService()::registerProcessingTimeTimer)) {
      case RETIRE -> {
        answerer.retire(ctx.getCurrentKey());
        clearIndex();
        cacheRows.clear();
        newestFrame.clear();
        for (Answer ended : standing.retire(ctx.getCurrentKey(), timestamp)) {
          countAndCollect(ended, out);
        }
        // The marker is one long per camera and goes after one more timeout, so state stays bounded
        // under churn.
        retiredAt.update(timestamp);
        ctx.timerService().registerProcessingTimeTimer(timestamp + idleTimeout.timeoutMillis());
        camerasRetired.inc();
      }
      case IGNORE -> {
        // Not an idle timer: the retirement marker's, which expires after one more timeout.
        Long retired = retiredAt.value();
        if (retired != null && idleTimeout.markerExpired(retired, timestamp)) {
          retiredAt.clear();
        }
      }
      case REARM -> {}
    }
  }

  /** The current key's cache in keyed state; valid inside processElement calls only. */
  private final class KeyedStoredCache implements StoredCache {
    @Override
    public TokenCacheState index() {
      try {
        CacheHeader header = cacheHeader.value();
        if (header == null) {
          return cacheState.value();
        }
        Iterable<Map.Entry<Long, CachedFrame>> frames = cacheFrames.entries();
        if (!frames.iterator().hasNext() && !cacheEntries.isEmpty()) {
          return IndexLayout.readEntries(header, cacheEntries.entries());
        }
        return IndexLayout.read(
            header, frames, cachePresent.entries(), cacheSupport.entries(), cacheScores.entries());
      } catch (Exception e) {
        throw new IllegalStateException("cannot read the token cache index", e);
      }
    }

    @Override
    public short[] row(TokenId id) {
      try {
        return cacheRows.get(StoredCache.rowKey(id));
      } catch (Exception e) {
        throw new IllegalStateException("cannot read the stored embedding of " + id, e);
      }
    }
  }

  @Override
  public void close() throws Exception {
    if (answerer != null) {
      answerer.close();
    }
    if (model != null) {
      model.close();
    }
  }

  /** A map state keyed by a long (a frame's seq or a token's key) in the current camera's scope. */
  private <V> MapState<Long, V> mapByLong(String name, TypeInformation<V> values) {
    return getRuntimeContext().getMapState(new MapStateDescriptor<>(name, Types.LONG, values));
  }
}
