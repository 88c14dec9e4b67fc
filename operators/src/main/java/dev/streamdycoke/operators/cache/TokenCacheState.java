package dev.streamdycoke.operators.cache;

/**
 * A token cache's bookkeeping as a Flink POJO: parallel arrays, one element per entry in cache
 * order, plus the clock. The embeddings are not here: they are kept per token in a state of their
 * own ({@link StoredCache}), written once each, so that a frame's update does not rewrite the whole
 * cache (with RocksDB, every update serializes what it writes).
 *
 * <p>Keyed state no longer stores this as one value: the answer operator keeps a {@link
 * CacheHeader} and one {@link CachedFrame} per inserted frame and writes only what a frame changes
 * ({@link IndexLayout}); this is the whole index as callers read it, and the layout of older
 * savepoints.
 */
public class TokenCacheState {
  /** Frames seen by the cache. */
  public long clock;

  /** Seq of the last inserted frame, {@link Long#MIN_VALUE} before the first. */
  public long lastSeq = Long.MIN_VALUE;

  /** Token width, 0 before the first insert. */
  public int dim;

  public long[] seq = new long[0];
  public int[] cell = new int[0];
  public long[] insertedAt = new long[0];
  public long[] lastRelevant = new long[0];
  public float[] score = new float[0];
  public int[] support = new int[0];

  /**
   * Per entry, its rank in its frame's {@link CachedFrame} as stored; null for an index read from
   * an older layout, whose frames have no records yet. Transient: the one-value layout of older
   * savepoints never stored it, and Flink's POJO serializer skips transient fields, so that
   * layout's serializer is unchanged.
   */
  public transient int[] rank;

  public TokenCacheState() {}

  /** Entries held. */
  public int size() {
    return seq.length;
  }
}
