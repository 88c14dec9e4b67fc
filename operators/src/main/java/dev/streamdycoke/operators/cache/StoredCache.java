package dev.streamdycoke.operators.cache;

import dev.streamdycoke.model.session.TokenId;

/**
 * One camera's token cache as state holds it: the bookkeeping index ({@link TokenCacheState}) and
 * one binary16 embedding row per cached token. Reads are lazy, so a camera whose cache is live in
 * memory costs no state read at all, and one without a model session reads only the index.
 */
public interface StoredCache {
  /** The stored index, or null for a camera never seen. */
  TokenCacheState index();

  /** The stored embedding of a cached token, or null. */
  short[] row(TokenId id);

  /**
   * The key of a token's row: seq in the high bits, cell in the low 20 (a frame has far fewer
   * cells), so rows of one camera sort by token id.
   */
  static long rowKey(TokenId id) {
    return (id.seq() << 20) | id.cell();
  }

  /** The token of a {@link #rowKey}. */
  static TokenId idOf(long rowKey) {
    return new TokenId(rowKey >>> 20, (int) (rowKey & 0xFFFFF));
  }
}
