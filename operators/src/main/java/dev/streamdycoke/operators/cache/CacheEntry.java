package dev.streamdycoke.operators.cache;

import dev.streamdycoke.model.session.TokenId;

/**
 * One cached token's bookkeeping, without its embedding.
 *
 * @param id the token
 * @param insertedAt cache clock (frames of the camera) at insertion
 * @param lastRelevant cache clock at insertion or at the last answer that found it relevant
 * @param score novelty at insertion, then an exponential moving average of normalised attention
 * @param support frames the token stands for: itself plus the pruned tokens merged into it
 */
public record CacheEntry(
    TokenId id, long insertedAt, long lastRelevant, float score, int support) {}
