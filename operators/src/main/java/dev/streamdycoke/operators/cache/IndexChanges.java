package dev.streamdycoke.operators.cache;

import java.util.Map;

/**
 * What changed in a cache's index since the changes were last taken: the header, and the entries
 * inserted or modified, by {@link StoredCache#rowKey} in cache order. Evicted entries are not here:
 * they are the tokens {@link TokenCache#insert} returns.
 */
public record IndexChanges(CacheHeader header, Map<Long, StoredEntry> entries) {}
