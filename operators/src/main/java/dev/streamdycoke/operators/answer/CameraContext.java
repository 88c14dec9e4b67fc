package dev.streamdycoke.operators.answer;

import dev.streamdycoke.model.session.StreamingSession;
import dev.streamdycoke.operators.cache.TokenCache;

/**
 * A camera held live in operator memory: its token cache and the model session holding the same
 * tokens in the same order. The cache mirrors keyed state (written back after every change); the
 * session is transient and rebuilt from the cache whenever it is missing.
 */
final class CameraContext implements AutoCloseable {
  final TokenCache cache;
  final StreamingSession session;

  CameraContext(TokenCache cache, StreamingSession session) {
    this.cache = cache;
    this.session = session;
  }

  @Override
  public void close() {
    session.close();
  }
}
