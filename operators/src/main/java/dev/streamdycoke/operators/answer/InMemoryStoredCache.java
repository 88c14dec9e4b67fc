package dev.streamdycoke.operators.answer;

import dev.streamdycoke.model.session.TokenId;
import dev.streamdycoke.operators.cache.StoredCache;
import dev.streamdycoke.operators.cache.TokenCacheState;
import java.util.HashMap;
import java.util.Map;

/**
 * One camera's {@link StoredCache} in plain memory, updated as {@link AnswerFunction} updates keyed
 * state: for {@link CameraAnswerer} outside Flink (benchmarks, tests, tools).
 */
public final class InMemoryStoredCache implements StoredCache {
  private TokenCacheState index;
  private final Map<Long, short[]> rows = new HashMap<>();

  @Override
  public TokenCacheState index() {
    return index;
  }

  @Override
  public short[] row(TokenId id) {
    return rows.get(StoredCache.rowKey(id));
  }

  /** Stored rows, which must always be the cached tokens' (the index's size). */
  public int rowCount() {
    return rows.size();
  }

  /** Stores what a frame changed, as the answer operator does. */
  public void apply(CameraAnswerer.TokensUpdate update) {
    if (update.duplicate()) {
      return;
    }
    index = update.index();
    for (TokenId gone : update.removed()) {
      rows.remove(StoredCache.rowKey(gone));
    }
    for (CameraAnswerer.StoredRow row : update.added()) {
      rows.put(StoredCache.rowKey(row.id()), row.row());
    }
  }

  /** Stores what an answer changed (its scores), as the answer operator does. */
  public void apply(CameraAnswerer.QueryOutcome outcome) {
    if (outcome.index() != null) {
      index = outcome.index();
    }
  }
}
