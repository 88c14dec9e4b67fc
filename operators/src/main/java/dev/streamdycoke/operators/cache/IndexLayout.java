package dev.streamdycoke.operators.cache;

import dev.streamdycoke.model.session.TokenId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Converts between a cache index as one value ({@link TokenCacheState}, the layout of older
 * savepoints and of in-memory stores) and the incremental layout state keeps: a {@link CacheHeader}
 * and one {@link StoredEntry} per token.
 */
public final class IndexLayout {
  private IndexLayout() {}

  /**
   * The index held by a header and its entries, in cache order (token id order, which is row key
   * order), or null when there is no header.
   */
  public static TokenCacheState read(
      CacheHeader header, Iterable<Map.Entry<Long, StoredEntry>> entries) {
    if (header == null) {
      return null;
    }
    List<Map.Entry<Long, StoredEntry>> sorted = new ArrayList<>();
    if (entries != null) {
      entries.forEach(sorted::add);
    }
    // The heap backend iterates in hash order.
    sorted.sort(Map.Entry.comparingByKey());
    int n = sorted.size();
    TokenCacheState s = new TokenCacheState();
    s.clock = header.clock;
    s.lastSeq = header.lastSeq;
    s.dim = header.dim;
    s.seq = new long[n];
    s.cell = new int[n];
    s.insertedAt = new long[n];
    s.lastRelevant = new long[n];
    s.score = new float[n];
    s.support = new int[n];
    for (int i = 0; i < n; i++) {
      TokenId id = StoredCache.idOf(sorted.get(i).getKey());
      StoredEntry e = sorted.get(i).getValue();
      s.seq[i] = id.seq();
      s.cell[i] = id.cell();
      s.insertedAt[i] = e.insertedAt;
      s.lastRelevant[i] = e.lastRelevant;
      s.score[i] = e.score;
      s.support[i] = e.support;
    }
    return s;
  }

  /**
   * Every entry of a whole index, as changes: what migrating it to the incremental layout writes.
   */
  public static IndexChanges whole(TokenCacheState s) {
    Map<Long, StoredEntry> entries = new java.util.LinkedHashMap<>();
    for (int i = 0; i < s.size(); i++) {
      entries.put(
          StoredCache.rowKey(new TokenId(s.seq[i], s.cell[i])),
          new StoredEntry(s.insertedAt[i], s.lastRelevant[i], s.score[i], s.support[i]));
    }
    return new IndexChanges(
        new CacheHeader(s.clock, s.lastSeq, s.dim), Collections.unmodifiableMap(entries));
  }
}
