package dev.streamdycoke.training;

import dev.streamdycoke.model.session.AnswerSettings;
import dev.streamdycoke.operators.cache.EvictionPolicy;
import dev.streamdycoke.operators.cache.TokenCacheConfig;
import dev.streamdycoke.operators.gate.ChangeGateConfig;
import dev.streamdycoke.operators.ttm.TtmConfig;

/**
 * How a camera's stream is reduced before answering: temporal token merging (or none), the bounded
 * cache and its eviction policy, and dynamic pruning while decoding.
 *
 * @param name a row label, e.g. {@code "TTM dycoke K=0.7"}
 * @param ttm the merger, or null to keep every token of every frame
 * @param cache the camera's token cache
 * @param decoding how answers are decoded (DP's P, L and A)
 * @param gate the change gate in front of the vision tower ({@link ChangeGateConfig#off()}: every
 *     frame encoded)
 */
public record StreamSetup(
    String name,
    TtmConfig ttm,
    TokenCacheConfig cache,
    AnswerSettings decoding,
    ChangeGateConfig gate) {
  /** Answers are one word and a stop token; four leaves room to see a model ramble. */
  public static final int MAX_NEW_TOKENS = 4;

  /** A setup that encodes every frame. */
  public StreamSetup(String name, TtmConfig ttm, TokenCacheConfig cache, AnswerSettings decoding) {
    this(name, ttm, cache, decoding, ChangeGateConfig.off());
  }

  /** This setup with {@code gate} in front of the vision tower, named {@code "<name> + gate"}. */
  public StreamSetup withGate(ChangeGateConfig gate) {
    return new StreamSetup(name + " + gate", ttm, cache, decoding, gate);
  }

  /** No merging, a cache that never evicts for streams of {@code frames}, no pruning. */
  public static StreamSetup fullContext(int frames, int tokensPerFrame) {
    return new StreamSetup(
        "full context",
        null,
        unbounded(frames, tokensPerFrame),
        AnswerSettings.withoutPruning(MAX_NEW_TOKENS));
  }

  /** A FIFO cache that holds every token of {@code frames} frames, so it never evicts. */
  public static TokenCacheConfig unbounded(int frames, int tokensPerFrame) {
    int capacity = frames * tokensPerFrame;
    return TokenCacheConfig.of(capacity, capacity, EvictionPolicy.fifo());
  }
}
