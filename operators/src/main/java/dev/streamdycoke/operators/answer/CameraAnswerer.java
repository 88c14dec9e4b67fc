package dev.streamdycoke.operators.answer;

import dev.streamdycoke.model.LanguageModel;
import dev.streamdycoke.model.session.AnswerSettings;
import dev.streamdycoke.model.session.SessionAnswer;
import dev.streamdycoke.model.session.StreamingSession;
import dev.streamdycoke.model.session.TokenId;
import dev.streamdycoke.operators.cache.CacheEntry;
import dev.streamdycoke.operators.cache.IndexChanges;
import dev.streamdycoke.operators.cache.StoredCache;
import dev.streamdycoke.operators.cache.TokenCache;
import dev.streamdycoke.operators.cache.TokenCacheState;
import dev.streamdycoke.operators.records.CameraQuery;
import dev.streamdycoke.operators.records.FrameTokens;
import dev.streamdycoke.operators.ttm.MergeResult;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anytime answering for the cameras of one subtask (docs/algorithms.md sections 3 to 7), free of
 * Flink: the caller passes each camera's stored token cache in and stores what comes back.
 *
 * <p>Tokens go into the camera's bounded cache; whatever the cache evicts leaves the model session
 * too, and the kept tokens are prefilled into it, so a question costs only its own prefill and
 * decoding. The attention an answer produced feeds the cache's scores, which drive LRR and DECAY.
 *
 * <p>Sessions are operator memory, capped by {@link AnswerConfig#maxLiveSessions()}: a camera
 * without a live session is still cached, and gets its session rebuilt from the cache (one prefill
 * of at most C tokens) when it is asked a question. That is also how sessions come back after a
 * restore from a checkpoint.
 *
 * <p>Not thread-safe; one per subtask.
 */
public final class CameraAnswerer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CameraAnswerer.class);

  private final LanguageModel model;
  private final AnswerConfig config;
  private final LiveCameras live;

  /**
   * @param model the model whose sessions hold the cameras' tokens; the caller closes it
   * @throws IllegalArgumentException if the cache capacity is below one frame's tokens: every TTM
   *     anchor frame keeps all of them, so such a cache could not take the first frame, and the job
   *     would fail on it instead of at start
   */
  public CameraAnswerer(LanguageModel model, AnswerConfig config) {
    if (config.cache().capacity() < model.tokensPerFrame()) {
      throw new IllegalArgumentException(
          "cache capacity "
              + config.cache().capacity()
              + " is below the "
              + model.tokensPerFrame()
              + " visual tokens of one frame, which every TTM anchor frame keeps;"
              + " set --cache-capacity to at least "
              + model.tokensPerFrame());
    }
    this.model = model;
    this.config = config;
    this.live = new LiveCameras(config.maxLiveSessions());
  }

  /** A token's embedding row as state stores it. */
  public record StoredRow(TokenId id, short[] row) {}

  /**
   * What one frame's tokens did to a camera: the whole index, the index's changes (what an
   * incremental store writes), the rows to add and those (with their index entries) to remove. A
   * duplicate frame changes nothing.
   */
  public record TokensUpdate(
      TokenCacheState index,
      IndexChanges changes,
      List<StoredRow> added,
      List<TokenId> removed,
      int cacheSize,
      boolean duplicate) {
    public int inserted() {
      return added.size();
    }

    public int evicted() {
      return removed.size();
    }
  }

  /**
   * An answer, the camera's cache index after it and the index's changes (both null when the cache
   * did not change).
   */
  public record QueryOutcome(Answer answer, TokenCacheState index, IndexChanges changes) {}

  /**
   * Adds one frame's kept tokens to a camera.
   *
   * @param stored the camera's cache as last stored
   * @return the changes to store; a frame not newer than the cache's last one changes nothing
   */
  public TokensUpdate onTokens(String camera, StoredCache stored, FrameTokens tokens) {
    CameraContext context = live.get(camera);
    TokenCache cache = context != null ? context.cache : restoreIndex(stored.index());
    if (tokens.seq <= cache.lastSeq()) {
      // A replay of a frame already inserted, e.g. re-sent upstream after a restore.
      return new TokensUpdate(null, null, List.of(), List.of(), cache.size(), true);
    }
    MergeResult frame = tokens.toMergeResult();
    List<TokenId> evicted = cache.insert(frame);
    if (context != null) {
      try {
        context.session.evict(evicted);
        context.session.append(keptIds(frame), frame.keptEmbeddings());
      } catch (RuntimeException e) {
        LOG.warn(
            "Session of camera {} failed on seq {}; it will be rebuilt from its cache",
            camera,
            tokens.seq,
            e);
        live.drop(camera);
      }
    } else if (live.hasRoom()) {
      cache.loadRows(stored::row);
      openSession(camera, cache);
    }
    List<StoredRow> added = new ArrayList<>(frame.keptCount());
    for (TokenId id : keptIds(frame)) {
      added.add(new StoredRow(id, cache.storedRow(id)));
    }
    // Changes first: writing a frame's record can re-rank its tokens, which the snapshot carries.
    IndexChanges changes = cache.changes();
    return new TokensUpdate(cache.snapshot(), changes, added, evicted, cache.size(), false);
  }

  /**
   * Answers one camera's share of a query from the camera's context as it stands now.
   *
   * @param stored the camera's cache as last stored
   * @param now the job clock, milliseconds since the epoch
   */
  public QueryOutcome onQuery(String camera, StoredCache stored, CameraQuery query, long now) {
    double queueMs = Math.max(0, now - query.receivedAt);
    if (query.deadline != null && now > query.deadline) {
      return new QueryOutcome(
          AnswerRecords.failed(
              query,
              AnswerStatus.REJECTED,
              "deadline passed " + (now - query.deadline) + " ms before answering started",
              coverage(camera, stored),
              now,
              queueMs),
          null,
          null);
    }
    CameraContext context = live.get(camera);
    TokenCacheState index = context == null ? stored.index() : null;
    if (context == null && (index == null || index.size() == 0)) {
      String why =
          index == null
              ? "no frames received from camera " + camera
              : "camera " + camera + " has no tokens in context";
      return new QueryOutcome(
          AnswerRecords.failed(
              query, AnswerStatus.NO_FRAMES, why, coverage(camera, stored), now, queueMs),
          null,
          null);
    }
    try {
      if (context == null) {
        TokenCache cache = restoreIndex(index);
        cache.loadRows(stored::row);
        context = openSession(camera, cache);
      }
      AnswerSettings settings =
          config
              .decoding()
              .withMaxNewTokens(
                  Math.max(1, Math.min(query.maxNewTokens, config.decoding().maxNewTokens())));
      SessionAnswer result = context.session.answer(query.question, settings);
      AnswerRecords.Coverage covered = coverage(context.cache);
      context.cache.recordAnswer(result.attention());
      IndexChanges changes = context.cache.changes();
      return new QueryOutcome(
          AnswerRecords.ok(query, result, covered, now, queueMs),
          context.cache.snapshot(),
          changes);
    } catch (RuntimeException e) {
      LOG.warn("Answering {} for camera {} failed", query.queryId, camera, e);
      live.drop(camera);
      return new QueryOutcome(
          AnswerRecords.failed(
              query,
              AnswerStatus.ERROR,
              "answering failed: " + e,
              coverage(camera, stored),
              now,
              queueMs),
          null,
          null);
    }
  }

  /** Closes a retired camera's model session; its stored cache is the caller's to clear. */
  public void retire(String camera) {
    live.drop(camera);
  }

  /** Cameras whose model session is in memory. */
  public int liveSessions() {
    return live.size();
  }

  private CameraContext openSession(String camera, TokenCache cache) {
    StreamingSession session =
        model.rebuildSession(cache.ids(), cache.embeddings(), config.sessions());
    CameraContext context = new CameraContext(cache, session);
    live.put(camera, context);
    return context;
  }

  private TokenCache restoreIndex(TokenCacheState index) {
    return index == null
        ? new TokenCache(config.cache())
        : TokenCache.restore(config.cache(), index);
  }

  private AnswerRecords.Coverage coverage(String camera, StoredCache stored) {
    CameraContext context = live.get(camera);
    if (context != null) {
      return coverage(context.cache);
    }
    TokenCacheState index = stored.index();
    return index == null ? AnswerRecords.Coverage.NONE : coverage(restoreIndex(index));
  }

  /**
   * Retained ratio: cached tokens over the tokens the frames they span had before merging and
   * eviction, so it reflects TTM and the cache bound together.
   */
  private AnswerRecords.Coverage coverage(TokenCache cache) {
    if (cache.size() == 0) {
      return new AnswerRecords.Coverage(
          cache.lastSeq() == Long.MIN_VALUE ? -1 : cache.lastSeq(), -1, -1, 0);
    }
    List<CacheEntry> entries = cache.entries();
    long framesSpanned = cache.clock() - entries.get(0).insertedAt() + 1;
    double ratio = cache.size() / ((double) framesSpanned * model.tokensPerFrame());
    return new AnswerRecords.Coverage(
        cache.lastSeq(),
        entries.get(0).id().seq(),
        entries.get(entries.size() - 1).id().seq(),
        Math.min(1.0, ratio));
  }

  private static List<TokenId> keptIds(MergeResult frame) {
    List<TokenId> ids = new ArrayList<>(frame.keptCount());
    for (int i = 0; i < frame.keptCount(); i++) {
      ids.add(frame.keptId(i));
    }
    return ids;
  }

  @Override
  public void close() {
    live.close();
  }
}
