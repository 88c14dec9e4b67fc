package dev.streamdycoke.job.training;

import dev.streamdycoke.model.session.AnswerSettings;
import dev.streamdycoke.operators.cache.TokenCacheConfig;
import dev.streamdycoke.operators.ttm.TtmConfig;

/**
 * How a camera's stream is reduced before answering: temporal token merging (or none), the
 * bounded cache and its eviction policy, and dynamic pruning while decoding.
 *
 * @param name a row label, e.g. {@code "TTM dycoke K=0.7"}
 * @param ttm the merger, or null to keep every token of every frame
 * @param cache the camera's token cache
 * @param decoding how answers are decoded (DP's P, L and A)
 */
public record StreamSetup(String name, TtmConfig ttm, TokenCacheConfig cache, AnswerSettings decoding) {}
