package dev.streamdycoke.operators.cache;

import dev.streamdycoke.model.session.TokenId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a cache index ({@link TokenCacheState}, the whole index as callers use it) from the layouts
 * keyed state holds.
 *
 * <p><b>Frame records</b> (this version): a {@link CacheHeader}, one {@link CachedFrame} per frame
 * with cached tokens, written once, and beside it, per frame and only once something changed it, a
 * bit set of its tokens still cached, their supports and their scores ({@link IndexChanges}). A
 * frame's update writes the header, its own record and the supports of the frames its pruned tokens
 * merged into, not one entry per token.
 *
 * <p><b>One entry per token</b> (the previous version, {@link StoredEntry}) and the one-value index
 * before it are read only to migrate a camera: an index read from them has no ranks, and the cache
 * restored from it writes every frame's record on its next change ({@link IndexChanges#whole}).
 */
public final class IndexLayout {
  private IndexLayout() {}

  /**
   * The index held by a header and its frames' records and side values, in cache order (token id
   * order), with each token's rank in its record; null when there is no header.
   *
   * @throws IllegalStateException if a side value does not match its record
   */
  public static TokenCacheState read(
      CacheHeader header,
      Iterable<Map.Entry<Long, CachedFrame>> frames,
      Iterable<Map.Entry<Long, byte[]>> present,
      Iterable<Map.Entry<Long, byte[]>> support,
      Iterable<Map.Entry<Long, FrameScores>> scores) {
    if (header == null) {
      return null;
    }
    List<Map.Entry<Long, CachedFrame>> sorted = new ArrayList<>();
    if (frames != null) {
      frames.forEach(sorted::add);
    }
    // The heap backend iterates in hash order.
    sorted.sort(Map.Entry.comparingByKey());
    Map<Long, byte[]> presentBySeq = toMap(present);
    Map<Long, byte[]> supportBySeq = toMap(support);
    Map<Long, FrameScores> scoresBySeq = toMap(scores);
    Columns out = new Columns();
    for (Map.Entry<Long, CachedFrame> e : sorted) {
      long seq = e.getKey();
      CachedFrame frame = e.getValue();
      BitSet cells = BitSet.valueOf(frame.cells);
      byte[] mask = presentBySeq.get(seq);
      BitSet cached = mask == null ? null : BitSet.valueOf(mask);
      byte[] supportBytes = supportBySeq.get(seq);
      int[] supports = supportBytes == null ? new int[0] : PackedInts.decode(supportBytes);
      FrameScores changed = scoresBySeq.get(seq);
      int rank = 0;
      for (int c = cells.nextSetBit(0); c >= 0; c = cells.nextSetBit(c + 1), rank++) {
        if (cached != null && !cached.get(rank)) {
          continue;
        }
        float score = changed != null ? at(changed.score, rank, seq) : at(frame.score, rank, seq);
        long lastRelevant =
            changed != null && changed.lastRelevant != null
                ? changed.lastRelevant[checkRank(changed.lastRelevant.length, rank, seq)]
                : frame.insertedAt;
        int extra = rank < supports.length ? supports[rank] : 0;
        out.add(seq, c, rank, frame.insertedAt, lastRelevant, score, 1 + extra);
      }
    }
    return out.toState(header);
  }

  /**
   * The index held by a header and one {@link StoredEntry} per token, the previous version's
   * layout, without ranks; null when there is no header.
   */
  public static TokenCacheState readEntries(
      CacheHeader header, Iterable<Map.Entry<Long, StoredEntry>> entries) {
    if (header == null) {
      return null;
    }
    List<Map.Entry<Long, StoredEntry>> sorted = new ArrayList<>();
    if (entries != null) {
      entries.forEach(sorted::add);
    }
    sorted.sort(Map.Entry.comparingByKey());
    Columns out = new Columns();
    for (Map.Entry<Long, StoredEntry> e : sorted) {
      TokenId id = StoredCache.idOf(e.getKey());
      StoredEntry s = e.getValue();
      out.add(id.seq(), id.cell(), -1, s.insertedAt, s.lastRelevant, s.score, s.support);
    }
    TokenCacheState state = out.toState(header);
    state.rank = null;
    return state;
  }

  private static <V> Map<Long, V> toMap(Iterable<Map.Entry<Long, V>> entries) {
    Map<Long, V> out = new HashMap<>();
    if (entries != null) {
      for (Map.Entry<Long, V> e : entries) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  private static float at(float[] values, int rank, long seq) {
    return values[checkRank(values.length, rank, seq)];
  }

  private static int checkRank(int length, int rank, long seq) {
    if (rank >= length) {
      throw new IllegalStateException(
          "stored index of frame " + seq + " has " + length + " scores, token rank " + rank);
    }
    return rank;
  }

  /** Columns of an index being read, grown as tokens are added. */
  private static final class Columns {
    private int n;
    private long[] seq = new long[16];
    private int[] cell = new int[16];
    private int[] rank = new int[16];
    private long[] insertedAt = new long[16];
    private long[] lastRelevant = new long[16];
    private float[] score = new float[16];
    private int[] support = new int[16];

    void add(long s, int c, int r, long inserted, long relevant, float sc, int sup) {
      if (n == seq.length) {
        int grown = 2 * n;
        seq = java.util.Arrays.copyOf(seq, grown);
        cell = java.util.Arrays.copyOf(cell, grown);
        rank = java.util.Arrays.copyOf(rank, grown);
        insertedAt = java.util.Arrays.copyOf(insertedAt, grown);
        lastRelevant = java.util.Arrays.copyOf(lastRelevant, grown);
        score = java.util.Arrays.copyOf(score, grown);
        support = java.util.Arrays.copyOf(support, grown);
      }
      seq[n] = s;
      cell[n] = c;
      rank[n] = r;
      insertedAt[n] = inserted;
      lastRelevant[n] = relevant;
      score[n] = sc;
      support[n] = sup;
      n++;
    }

    TokenCacheState toState(CacheHeader header) {
      TokenCacheState s = new TokenCacheState();
      s.clock = header.clock;
      s.lastSeq = header.lastSeq;
      s.dim = header.dim;
      s.seq = java.util.Arrays.copyOf(seq, n);
      s.cell = java.util.Arrays.copyOf(cell, n);
      s.rank = java.util.Arrays.copyOf(rank, n);
      s.insertedAt = java.util.Arrays.copyOf(insertedAt, n);
      s.lastRelevant = java.util.Arrays.copyOf(lastRelevant, n);
      s.score = java.util.Arrays.copyOf(score, n);
      s.support = java.util.Arrays.copyOf(support, n);
      return s;
    }
  }
}
