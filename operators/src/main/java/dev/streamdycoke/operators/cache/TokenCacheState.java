package dev.streamdycoke.operators.cache;

/**
 * A token cache's state as a Flink POJO: parallel arrays, one element per entry in cache order,
 * plus the clock. Embedding rows are binary16 bit patterns; they are never modified once written,
 * which lets snapshots share them.
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
  public short[][] embeddings = new short[0][];
  public long[] insertedAt = new long[0];
  public long[] lastRelevant = new long[0];
  public float[] score = new float[0];
  public int[] support = new int[0];

  public TokenCacheState() {}

  /** Entries held. */
  public int size() {
    return seq.length;
  }
}
