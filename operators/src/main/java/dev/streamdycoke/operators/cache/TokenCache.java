package dev.streamdycoke.operators.cache;

import dev.streamdycoke.model.numeric.Fp16;
import dev.streamdycoke.model.session.TokenId;
import dev.streamdycoke.operators.ttm.MergeResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One camera's bounded cache of retained visual tokens (docs/algorithms.md section 3).
 *
 * <p>Cache order is insertion order, which is also the model session's order. Frames arrive with
 * increasing seq and their tokens in cell order, so cache order is also {@link TokenId} order and
 * tokens are found by binary search, with no index to keep in state.
 *
 * <p>The clock advances by one per inserted frame. A frame's update, in order: the clock ticks;
 * each pruned token adds 1 to its representative's support if that is still cached; if the frame's
 * kept tokens do not fit, the policy's lowest-priority entries are evicted (ties: older insertion,
 * then token id); the kept tokens are appended with score = novelty, support 1 and inserted-at =
 * last-relevant = clock. Support is bookkeeping for downstream use; no policy here reads it.
 *
 * <p>Answers feed scores: attention is normalised to {@code [0, 1]} by the answer's maximum, and
 * every cached token's score moves by {@code score += alpha * (observed - score)}, a token the
 * answer does not mention observing 0 (it was in context and drew no attention). A token becomes
 * relevant at the current clock when it is among the answer's top {@code active} tokens by
 * attention and its share of the answer's attention exceeds the uniform share {@code 1/n}, n the
 * cached tokens in context; tokens at or above {@code relevantAttention}, if set, become relevant
 * too. The share test is what lets LRR differ from FIFO when C <= A: every cached token is then in
 * the top A, and a top-A rule alone would refresh all of them at the same clock (docs/algorithms.md
 * section 3.2).
 *
 * <p>Not thread-safe: one instance per camera, used by one task.
 */
public final class TokenCache {
  private final TokenCacheConfig config;
  private final EvictionPolicy policy;
  private final int capacity;

  private long clock;
  private long lastSeq = Long.MIN_VALUE;
  private int dim;
  private int size;
  private final long[] seq;
  private final int[] cell;
  private final short[][] embeddings;

  /** Reused by every fp16 encoding: the hot path then allocates only the stored rows. */
  private int[] encodeScratch = new int[0];

  private final long[] insertedAt;
  private final long[] lastRelevant;
  private final float[] score;
  private final int[] support;

  /** Per entry, its rank in its frame's stored record ({@link CachedFrame}). */
  private final int[] rank;

  /**
   * Per entry, what changed since {@link #changes} was last called ({@link #NEW}, {@link #SUPPORT},
   * {@link #SCORES}): state writes only the frames these touch, not the whole index.
   */
  private final byte[] dirty;

  private static final byte NEW = 1;
  private static final byte SUPPORT = 2;
  private static final byte SCORES = 4;

  /** Frames whose record state holds, as of the last {@link #changes}. */
  private final Set<Long> storedFrames = new HashSet<>();

  /** Frames that lost tokens to eviction since the last {@link #changes}. */
  private final Set<Long> evictedFrom = new HashSet<>();

  /**
   * Whether the next {@link #changes} writes every frame's record: the cache was restored from an
   * index of an older layout, which has no records.
   */
  private boolean rewriteAll;

  // Scratch, sized once; never part of the state.
  private final double[] priority;
  private final int[] victims;
  private final float[] observed;
  private final boolean[] relevant;
  private final long[] ranking;
  private final VictimSelector selector = new VictimSelector();
  private final EntryColumns columns = new Columns();

  public TokenCache(TokenCacheConfig config) {
    this.config = config;
    this.policy = config.policy();
    this.capacity = config.capacity();
    seq = new long[capacity];
    cell = new int[capacity];
    embeddings = new short[capacity][];
    insertedAt = new long[capacity];
    lastRelevant = new long[capacity];
    score = new float[capacity];
    support = new int[capacity];
    rank = new int[capacity];
    dirty = new byte[capacity];
    priority = new double[capacity];
    victims = new int[capacity];
    observed = new float[capacity];
    relevant = new boolean[capacity];
    ranking = new long[capacity];
  }

  /**
   * Inserts one frame's kept tokens, first evicting what does not fit.
   *
   * @return the evicted tokens, in cache order; the caller removes them from the model session
   * @throws IllegalArgumentException if the seq does not increase, the width changes, or the frame
   *     keeps more tokens than the capacity
   */
  public List<TokenId> insert(MergeResult frame) {
    int k = frame.keptCount();
    if (frame.seq() <= lastSeq) {
      throw new IllegalArgumentException("seq " + frame.seq() + " after " + lastSeq);
    }
    if (k > capacity) {
      throw new IllegalArgumentException(k + " tokens in one frame exceed capacity " + capacity);
    }
    for (int i = 0; i < k; i++) {
      int width = frame.keptEmbedding(i).length;
      if (dim == 0) {
        dim = width;
      } else if (width != dim) {
        throw new IllegalArgumentException("token width " + width + ", cache holds " + dim);
      }
    }
    if (encodeScratch.length < dim) {
      encodeScratch = new int[dim];
    }
    lastSeq = frame.seq();
    clock++;
    addSupport(frame);
    List<TokenId> evicted = makeRoom(size + k - capacity);
    for (int i = 0; i < k; i++) {
      seq[size] = frame.seq();
      cell[size] = frame.keptCell(i);
      embeddings[size] = Fp16.encode(frame.keptEmbedding(i), encodeScratch);
      insertedAt[size] = clock;
      lastRelevant[size] = clock;
      score[size] = frame.novelty(i);
      support[size] = 1;
      rank[size] = i;
      dirty[size] = NEW;
      size++;
    }
    return evicted;
  }

  private void addSupport(MergeResult frame) {
    for (int i = 0; i < frame.prunedCount(); i++) {
      int at = indexOf(frame.mergedIntoSeq(i), frame.mergedCell(i));
      if (at >= 0) {
        support[at]++;
        dirty[at] |= SUPPORT;
      }
    }
  }

  private List<TokenId> makeRoom(int excess) {
    if (excess <= 0) {
      return Collections.emptyList();
    }
    if (policy.evictsOldestFirst()) {
      for (int i = 0; i < excess; i++) {
        victims[i] = i;
      }
    } else {
      policy.priorities(columns, clock, priority);
      selector.select(priority, size, excess, victims);
    }
    List<TokenId> evicted = new ArrayList<>(excess);
    int next = 0;
    int write = 0;
    for (int read = 0; read < size; read++) {
      if (next < excess && victims[next] == read) {
        evicted.add(new TokenId(seq[read], cell[read]));
        evictedFrom.add(seq[read]);
        next++;
        continue;
      }
      if (write != read) {
        moveEntry(read, write);
      }
      write++;
    }
    for (int i = write; i < size; i++) {
      embeddings[i] = null;
      dirty[i] = 0;
    }
    size = write;
    return evicted;
  }

  private void moveEntry(int from, int to) {
    seq[to] = seq[from];
    cell[to] = cell[from];
    embeddings[to] = embeddings[from];
    insertedAt[to] = insertedAt[from];
    lastRelevant[to] = lastRelevant[from];
    score[to] = score[from];
    support[to] = support[from];
    rank[to] = rank[from];
    dirty[to] = dirty[from];
  }

  /**
   * Feeds one answer's attention back: updates every score and marks the answer's relevant tokens.
   * Ids not cached are ignored; negative or NaN attention counts as 0.
   *
   * @param attention attention mass per visual token received while decoding
   */
  public void recordAnswer(Map<TokenId, Float> attention) {
    float max = 0f;
    for (Float value : attention.values()) {
      if (value != null && value > max) {
        max = value;
      }
    }
    Arrays.fill(observed, 0, size, 0f);
    Arrays.fill(relevant, 0, size, false);
    int ranked = 0;
    double total = 0;
    double threshold = config.relevantAttention();
    for (Map.Entry<TokenId, Float> e : attention.entrySet()) {
      Float value = e.getValue();
      if (value == null || !(value > 0) || max <= 0) {
        continue;
      }
      int at = indexOf(e.getKey().seq(), e.getKey().cell());
      if (at < 0) {
        continue;
      }
      float normalised = Math.min(1f, value / max);
      observed[at] = normalised;
      total += normalised;
      ranking[ranked++] =
          ((long) (Integer.MAX_VALUE - Float.floatToIntBits(normalised)) << 32) | at;
      if (normalised >= threshold) {
        relevant[at] = true;
      }
    }
    // Highest attention first, the older entry on ties. Only attention above the uniform share
    // counts: even attention says nothing about which tokens the answer needed.
    Arrays.sort(ranking, 0, ranked);
    double uniform = total / size;
    for (int i = 0; i < Math.min(ranked, config.active()); i++) {
      int at = (int) ranking[i];
      if (observed[at] > uniform) {
        relevant[at] = true;
      }
    }
    float alpha = (float) config.scoreAlpha();
    for (int i = 0; i < size; i++) {
      float before = score[i];
      score[i] += alpha * (observed[i] - score[i]);
      // Bit patterns, so that a score that stays 0 (or NaN) is not rewritten.
      if (Float.floatToRawIntBits(before) != Float.floatToRawIntBits(score[i])) {
        dirty[i] |= SCORES;
      }
      if (relevant[i] && lastRelevant[i] != clock) {
        lastRelevant[i] = clock;
        dirty[i] |= SCORES;
      }
    }
  }

  /** Index in cache order, or -1. */
  private int indexOf(long tokenSeq, int tokenCell) {
    int lo = 0;
    int hi = size - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c =
          seq[mid] != tokenSeq
              ? Long.compare(seq[mid], tokenSeq)
              : Integer.compare(cell[mid], tokenCell);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  public boolean contains(TokenId id) {
    return indexOf(id.seq(), id.cell()) >= 0;
  }

  public int size() {
    return size;
  }

  public int capacity() {
    return capacity;
  }

  /** Seq of the last inserted frame, {@link Long#MIN_VALUE} before the first. */
  public long lastSeq() {
    return lastSeq;
  }

  /** Frames inserted so far. */
  public long clock() {
    return clock;
  }

  public TokenCacheConfig config() {
    return config;
  }

  /** The cached tokens in cache order (insertion order, the model session's order). */
  public List<TokenId> ids() {
    List<TokenId> ids = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      ids.add(new TokenId(seq[i], cell[i]));
    }
    return ids;
  }

  /** Every entry's bookkeeping, in cache order. */
  public List<CacheEntry> entries() {
    List<CacheEntry> entries = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      entries.add(
          new CacheEntry(
              new TokenId(seq[i], cell[i]), insertedAt[i], lastRelevant[i], score[i], support[i]));
    }
    return entries;
  }

  /** All embeddings decoded to float, in cache order, e.g. to rebuild a model session. */
  public float[][] embeddings() {
    float[][] out = new float[size][];
    for (int i = 0; i < size; i++) {
      out[i] = Fp16.decode(loaded(i));
    }
    return out;
  }

  /**
   * The given tokens' embeddings decoded to float, in the given order; null for tokens not cached.
   */
  public float[][] embeddings(List<TokenId> ids) {
    float[][] out = new float[ids.size()][];
    for (int i = 0; i < ids.size(); i++) {
      int at = indexOf(ids.get(i).seq(), ids.get(i).cell());
      out[i] = at < 0 ? null : Fp16.decode(loaded(at));
    }
    return out;
  }

  private short[] loaded(int at) {
    if (embeddings[at] == null) {
      throw new IllegalStateException(
          "embeddings of a restored cache are not loaded; call loadRows");
    }
    return embeddings[at];
  }

  /**
   * Approximate serialized size of {@link #snapshot()}: per entry the fp16 embedding and the
   * bookkeeping columns, plus the fixed fields.
   */
  public long stateBytes() {
    long perEntry = 2L * dim + Long.BYTES * 3 + Integer.BYTES * 2 + Float.BYTES + Integer.BYTES;
    return 8 * Long.BYTES + (long) size * perEntry;
  }

  /**
   * The cache's bookkeeping as a POJO, without embeddings: those are stored per token (see {@link
   * #storedRow}), written once when inserted, so a frame's state update writes its own rows and
   * this index rather than the whole cache. Arrays are copied (O(size)).
   */
  public TokenCacheState snapshot() {
    TokenCacheState s = new TokenCacheState();
    s.clock = clock;
    s.lastSeq = lastSeq;
    s.dim = dim;
    s.seq = Arrays.copyOf(seq, size);
    s.cell = Arrays.copyOf(cell, size);
    s.insertedAt = Arrays.copyOf(insertedAt, size);
    s.lastRelevant = Arrays.copyOf(lastRelevant, size);
    s.score = Arrays.copyOf(score, size);
    s.support = Arrays.copyOf(support, size);
    s.rank = Arrays.copyOf(rank, size);
    return s;
  }

  /**
   * The index's changes since the last call (or since construction or {@link #restore}), as the
   * frame-record layout stores them ({@link IndexLayout}): the header; the record of each frame
   * inserted since; for older frames, which tokens are still cached if eviction took some, their
   * supports if pruned tokens raised them, their scores if answers moved them; and the frames left
   * without cached tokens. Takes them: the next call returns only later changes. O(size).
   */
  public IndexChanges changes() {
    boolean whole = rewriteAll;
    Map<Long, CachedFrame> frames = new LinkedHashMap<>();
    Map<Long, byte[]> present = new LinkedHashMap<>();
    Map<Long, byte[]> supports = new LinkedHashMap<>();
    Map<Long, FrameScores> scores = new LinkedHashMap<>();
    Set<Long> cached = new HashSet<>();
    for (int from = 0, to; from < size; from = to) {
      long frame = seq[from];
      int flags = 0;
      for (to = from; to < size && seq[to] == frame; to++) {
        flags |= dirty[to];
        dirty[to] = 0;
      }
      cached.add(frame);
      boolean record = whole || (flags & NEW) != 0;
      if (record) {
        frames.put(frame, record(from, to));
      } else if (evictedFrom.contains(frame)) {
        present.put(frame, presentRanks(from, to));
      }
      if ((flags & SUPPORT) != 0 || (record && anySupport(from, to))) {
        supports.put(frame, supports(from, to));
      }
      if ((flags & SCORES) != 0 || (record && anyRelevantSince(from, to))) {
        scores.put(frame, scores(from, to));
      }
    }
    Set<Long> removed = new HashSet<>();
    if (!whole) {
      for (long frame : storedFrames) {
        if (!cached.contains(frame)) {
          removed.add(frame);
        }
      }
    }
    storedFrames.clear();
    storedFrames.addAll(cached);
    evictedFrom.clear();
    rewriteAll = false;
    return new IndexChanges(
        new CacheHeader(clock, lastSeq, dim),
        whole,
        Collections.unmodifiableMap(frames),
        Collections.unmodifiableMap(present),
        Collections.unmodifiableMap(supports),
        Collections.unmodifiableMap(scores),
        Collections.unmodifiableSet(removed));
  }

  /**
   * The record of the frame whose cached tokens are entries {@code [from, to)}: they are ranked
   * afresh, so a record rewritten after evictions (from an older layout) holds only cached tokens.
   */
  private CachedFrame record(int from, int to) {
    BitSet cells = new BitSet();
    float[] base = new float[to - from];
    for (int i = from; i < to; i++) {
      rank[i] = i - from;
      cells.set(cell[i]);
      base[i - from] = score[i];
    }
    return new CachedFrame(insertedAt[from], cells.toByteArray(), base);
  }

  private byte[] presentRanks(int from, int to) {
    BitSet ranks = new BitSet();
    for (int i = from; i < to; i++) {
      ranks.set(rank[i]);
    }
    return ranks.toByteArray();
  }

  private boolean anySupport(int from, int to) {
    for (int i = from; i < to; i++) {
      if (support[i] != 1) {
        return true;
      }
    }
    return false;
  }

  private boolean anyRelevantSince(int from, int to) {
    for (int i = from; i < to; i++) {
      if (lastRelevant[i] != insertedAt[i]) {
        return true;
      }
    }
    return false;
  }

  /** Support minus one by rank, up to the highest cached rank; evicted ranks 0. */
  private byte[] supports(int from, int to) {
    int[] extra = new int[rank[to - 1] + 1];
    for (int i = from; i < to; i++) {
      extra[rank[i]] = support[i] - 1;
    }
    return PackedInts.encode(extra);
  }

  /** Scores and last-relevant clocks by rank, up to the highest cached rank. */
  private FrameScores scores(int from, int to) {
    int n = rank[to - 1] + 1;
    float[] values = new float[n];
    long[] relevantAt = null;
    for (int i = from; i < to; i++) {
      values[rank[i]] = score[i];
      if (lastRelevant[i] != insertedAt[i]) {
        if (relevantAt == null) {
          relevantAt = new long[n];
          Arrays.fill(relevantAt, insertedAt[from]);
        }
        relevantAt[rank[i]] = lastRelevant[i];
      }
    }
    return new FrameScores(values, relevantAt);
  }

  /**
   * A token's embedding as stored: binary16 bit patterns, never modified once written, so state may
   * hold it by reference. Null when the token is not cached or its row was not loaded.
   */
  public short[] storedRow(TokenId id) {
    int at = indexOf(id.seq(), id.cell());
    return at < 0 ? null : embeddings[at];
  }

  /**
   * A cache with the given settings and a snapshot's bookkeeping, its embeddings not loaded: enough
   * to insert, evict, score and snapshot, which is all a camera without a live model session needs.
   * {@link #loadRows} brings the embeddings when a session is to be built.
   *
   * @throws IllegalArgumentException if the snapshot is inconsistent or exceeds the capacity
   */
  public static TokenCache restore(TokenCacheConfig config, TokenCacheState state) {
    int n = state.seq.length;
    if (state.cell.length != n
        || state.insertedAt.length != n
        || state.lastRelevant.length != n
        || state.score.length != n
        || state.support.length != n) {
      throw new IllegalArgumentException("token cache state columns differ in length");
    }
    if (n > config.capacity()) {
      throw new IllegalArgumentException(n + " cached tokens exceed capacity " + config.capacity());
    }
    TokenCache cache = new TokenCache(config);
    cache.clock = state.clock;
    cache.lastSeq = state.lastSeq;
    cache.dim = state.dim;
    cache.size = n;
    System.arraycopy(state.seq, 0, cache.seq, 0, n);
    System.arraycopy(state.cell, 0, cache.cell, 0, n);
    System.arraycopy(state.insertedAt, 0, cache.insertedAt, 0, n);
    System.arraycopy(state.lastRelevant, 0, cache.lastRelevant, 0, n);
    System.arraycopy(state.score, 0, cache.score, 0, n);
    System.arraycopy(state.support, 0, cache.support, 0, n);
    if (state.rank != null) {
      if (state.rank.length != n) {
        throw new IllegalArgumentException("token cache state columns differ in length");
      }
      System.arraycopy(state.rank, 0, cache.rank, 0, n);
    } else {
      // An index of an older layout: no records yet, the next changes write them all.
      cache.rewriteAll = true;
      for (int i = 0; i < n; i++) {
        cache.rank[i] = i > 0 && state.seq[i] == state.seq[i - 1] ? cache.rank[i - 1] + 1 : 0;
      }
    }
    for (int i = 0; i < n; i++) {
      cache.storedFrames.add(state.seq[i]);
    }
    return cache;
  }

  /**
   * Fills in every embedding not yet loaded from {@code rows}, e.g. the stored rows of a restored
   * cache.
   *
   * @throws IllegalStateException if {@code rows} lacks a cached token's row or has one of the
   *     wrong width: state that does not match its index
   */
  public void loadRows(Function<TokenId, short[]> rows) {
    for (int i = 0; i < size; i++) {
      if (embeddings[i] == null) {
        TokenId id = new TokenId(seq[i], cell[i]);
        short[] row = rows.apply(id);
        if (row == null || row.length != dim) {
          throw new IllegalStateException(
              "stored embedding of "
                  + id
                  + (row == null
                      ? " is missing"
                      : " has width " + row.length + ", the cache's is " + dim));
        }
        embeddings[i] = row;
      }
    }
  }

  private final class Columns implements EntryColumns {
    @Override
    public int size() {
      return size;
    }

    @Override
    public long insertedAt(int i) {
      return insertedAt[i];
    }

    @Override
    public long lastRelevant(int i) {
      return lastRelevant[i];
    }

    @Override
    public float score(int i) {
      return score[i];
    }

    @Override
    public int support(int i) {
      return support[i];
    }
  }
}
