package dev.streamdycoke.operators.cache;

/**
 * Read-only view of the cache's entries, by index in cache order (oldest first), for eviction
 * policies.
 */
public interface EntryColumns {
  int size();

  long insertedAt(int i);

  long lastRelevant(int i);

  float score(int i);

  int support(int i);
}
