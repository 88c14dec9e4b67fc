package dev.streamdycoke.operators.cache;

import dev.streamdycoke.model.session.AnswerSettings;
import java.util.Objects;

/**
 * Settings of a camera's token cache.
 *
 * @param capacity C, the most tokens the cache holds
 * @param active A, the most tokens attended while decoding; an answer's top A tokens by attention
 *     become relevant if their attention share exceeds the uniform 1/n (see {@link TokenCache})
 * @param policy which tokens leave when the cache is full
 * @param scoreAlpha weight of a new observation in the score's moving average, in {@code (0, 1]}
 * @param relevantAttention normalised attention at or above which a token also becomes relevant, in
 *     {@code (0, 1]}; {@link Double#NaN} for the top-A rule alone
 */
public record TokenCacheConfig(
    int capacity, int active, EvictionPolicy policy, double scoreAlpha, double relevantAttention)
    implements java.io.Serializable {
  public static final int DEFAULT_CAPACITY = 1024;

  /** A: the decoder's active-token budget, defined once (with the decoding settings). */
  public static final int DEFAULT_ACTIVE = AnswerSettings.DEFAULT_ACTIVE_TOKENS;

  /** The eviction policy by name, as {@link EvictionPolicy#named} reads it. */
  public static final String DEFAULT_POLICY = "decay";

  /** Half the score is the last answer's attention: reacts within one or two answers. */
  public static final double DEFAULT_SCORE_ALPHA = 0.5;

  public TokenCacheConfig {
    Objects.requireNonNull(policy, "policy");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    if (active < 1 || active > capacity) {
      throw new IllegalArgumentException("active must be in [1, capacity]: " + active);
    }
    if (!(scoreAlpha > 0 && scoreAlpha <= 1)) {
      throw new IllegalArgumentException("scoreAlpha must be in (0, 1]: " + scoreAlpha);
    }
    if (!Double.isNaN(relevantAttention) && !(relevantAttention > 0 && relevantAttention <= 1)) {
      throw new IllegalArgumentException(
          "relevantAttention must be NaN or in (0, 1]: " + relevantAttention);
    }
  }

  /** C = 1024, A = 256, DECAY (lambda 0.05), alpha 0.5, top-A relevance. */
  public static TokenCacheConfig defaults() {
    return of(DEFAULT_CAPACITY, DEFAULT_ACTIVE, EvictionPolicy.named(DEFAULT_POLICY));
  }

  /** Default alpha and top-A relevance. */
  public static TokenCacheConfig of(int capacity, int active, EvictionPolicy policy) {
    return new TokenCacheConfig(capacity, active, policy, DEFAULT_SCORE_ALPHA, Double.NaN);
  }

  public TokenCacheConfig withPolicy(EvictionPolicy newPolicy) {
    return new TokenCacheConfig(capacity, active, newPolicy, scoreAlpha, relevantAttention);
  }
}
