package dev.streamdycoke.operators.cache;

/**
 * One cached token's bookkeeping as state stores it, keyed by {@link StoredCache#rowKey}: written
 * when the token is inserted and again only when a frame or an answer changes one of its fields.
 */
public class StoredEntry {
  public long insertedAt;
  public long lastRelevant;
  public float score;
  public int support;

  public StoredEntry() {}

  StoredEntry(long insertedAt, long lastRelevant, float score, int support) {
    this.insertedAt = insertedAt;
    this.lastRelevant = lastRelevant;
    this.score = score;
    this.support = support;
  }
}
