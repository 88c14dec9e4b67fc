package dev.streamdycoke.operators.answer;

import dev.streamdycoke.model.session.AnswerSettings;
import dev.streamdycoke.model.session.SessionOptions;
import dev.streamdycoke.operators.cache.TokenCacheConfig;
import java.io.Serializable;
import java.util.Objects;

/**
 * How the answer operator keeps and uses each camera's context.
 *
 * @param cache capacity C, active A and the eviction policy of every camera's token cache
 * @param decoding DP settings (layer L, ratio P, active cap, reuse similarity); its {@code
 *     maxNewTokens} caps what a query may ask for
 * @param sessions eager (prefill on arrival) or lazy (prefill on the next answer) sessions
 * @param maxLiveSessions cameras per subtask whose model session (KV cache) stays in memory; the
 *     others keep only their token cache in state and get a session rebuilt when asked a question
 */
public record AnswerConfig(
    TokenCacheConfig cache, AnswerSettings decoding, SessionOptions sessions, int maxLiveSessions)
    implements Serializable {
  public static final int DEFAULT_MAX_LIVE_SESSIONS = 64;

  public AnswerConfig {
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(decoding, "decoding");
    Objects.requireNonNull(sessions, "sessions");
    if (maxLiveSessions < 1) {
      throw new IllegalArgumentException("maxLiveSessions must be positive: " + maxLiveSessions);
    }
  }

  public static AnswerConfig defaults() {
    return new AnswerConfig(
        TokenCacheConfig.defaults(),
        AnswerSettings.defaults(),
        SessionOptions.eager(),
        DEFAULT_MAX_LIVE_SESSIONS);
  }

  public AnswerConfig withCache(TokenCacheConfig newCache) {
    return new AnswerConfig(newCache, decoding, sessions, maxLiveSessions);
  }

  public AnswerConfig withDecoding(AnswerSettings newDecoding) {
    return new AnswerConfig(cache, newDecoding, sessions, maxLiveSessions);
  }

  public AnswerConfig withSessions(SessionOptions newSessions, int newMaxLiveSessions) {
    return new AnswerConfig(cache, decoding, newSessions, newMaxLiveSessions);
  }
}
