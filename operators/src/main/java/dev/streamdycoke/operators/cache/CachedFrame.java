package dev.streamdycoke.operators.cache;

/**
 * One inserted frame's part of a token cache's index as state stores it, keyed by the frame's seq:
 * written once, when the frame is inserted, and deleted when none of its tokens is cached any more.
 * What later frames and answers change is stored beside it, per frame and only when it changes:
 * which of its tokens are still cached, their support and their scores ({@link IndexChanges}).
 *
 * <p>Its tokens are addressed by rank, their position among {@link #cells} in cell order.
 */
public class CachedFrame {
  /** Cache clock when the frame was inserted: every token's inserted-at, and its last-relevant. */
  public long insertedAt;

  /** The cells of the frame's kept tokens, a bit set ({@link java.util.BitSet#toByteArray}). */
  public byte[] cells;

  /** Per rank, the token's score when the record was written: its novelty for a new frame. */
  public float[] score;

  public CachedFrame() {}

  CachedFrame(long insertedAt, byte[] cells, float[] score) {
    this.insertedAt = insertedAt;
    this.cells = cells;
    this.score = score;
  }
}
