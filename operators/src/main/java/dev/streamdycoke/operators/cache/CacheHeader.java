package dev.streamdycoke.operators.cache;

/**
 * The per-camera fields of a token cache's index, stored apart from its entries ({@link
 * StoredEntry}) because they change every frame while most entries do not.
 */
public class CacheHeader {
  /** Frames seen by the cache. */
  public long clock;

  /** Seq of the last inserted frame, {@link Long#MIN_VALUE} before the first. */
  public long lastSeq = Long.MIN_VALUE;

  /** Token width, 0 before the first insert. */
  public int dim;

  public CacheHeader() {}

  CacheHeader(long clock, long lastSeq, int dim) {
    this.clock = clock;
    this.lastSeq = lastSeq;
    this.dim = dim;
  }
}
