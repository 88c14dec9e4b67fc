package dev.streamdycoke.operators.ttm;

import dev.streamdycoke.model.session.TokenId;

/**
 * What merging decided for one frame: the tokens kept (in cell order) and, for every pruned token,
 * the kept token that now represents it.
 *
 * <p><b>Support.</b> Merging never rewrites what was already emitted, so a frame's result does not
 * carry a support count for earlier tokens. Instead every pruned cell names its representative:
 * {@code TokenId(mergedIntoSeq(i), mergedCell(i))}, a token kept by an earlier frame. The token
 * cache starts each kept token's support at 1 (itself) and adds 1 to the representative's support
 * for each such merge, when the representative is still cached. Support therefore counts the frames
 * a cached token stands for, its own included.
 *
 * <p>The embedding rows are the caller's input rows, not copies: neither side may modify them.
 */
public final class MergeResult {
  private static final int[] NO_CELLS = new int[0];
  private static final long[] NO_SEQS = new long[0];

  private final long seq;
  private final boolean anchor;
  private final int[] keptCells;
  private final float[][] keptEmbeddings;
  private final float[] novelty;
  private final int[] mergedCells;
  private final long[] mergedIntoSeq;

  /**
   * @param seq the frame's seq
   * @param anchor whether the frame was kept whole without comparison
   * @param keptCells kept cells, ascending
   * @param keptEmbeddings one row per kept cell
   * @param novelty per kept token, {@code 1 - similarity} to its reference; for anchors, to the
   *     merger's last earlier reference if it has one, else 1
   * @param mergedCells pruned cells, ascending
   * @param mergedIntoSeq per pruned cell, the seq of the kept token (same cell) representing it
   */
  public MergeResult(
      long seq,
      boolean anchor,
      int[] keptCells,
      float[][] keptEmbeddings,
      float[] novelty,
      int[] mergedCells,
      long[] mergedIntoSeq) {
    if (keptCells.length != keptEmbeddings.length || keptCells.length != novelty.length) {
      throw new IllegalArgumentException("kept cells, embeddings and novelty differ in length");
    }
    if (mergedCells.length != mergedIntoSeq.length) {
      throw new IllegalArgumentException("merged cells and their representatives differ in length");
    }
    requireAscending(keptCells, "kept cells");
    requireAscending(mergedCells, "merged cells");
    this.seq = seq;
    this.anchor = anchor;
    this.keptCells = keptCells;
    this.keptEmbeddings = keptEmbeddings;
    this.novelty = novelty;
    this.mergedCells = mergedCells;
    this.mergedIntoSeq = mergedIntoSeq;
  }

  /**
   * The token cache relies on cell order: it keeps tokens sorted by id and finds them by bisection.
   */
  private static void requireAscending(int[] cells, String what) {
    for (int i = 1; i < cells.length; i++) {
      if (cells[i] <= cells[i - 1]) {
        throw new IllegalArgumentException(what + " must be strictly ascending");
      }
    }
  }

  /**
   * This frame with other novelty scores for its kept tokens (same order); nothing else changes.
   */
  public MergeResult withNovelty(float[] scores) {
    if (scores.length != novelty.length) {
      throw new IllegalArgumentException(
          "novelty for " + scores.length + " tokens, " + novelty.length + " kept");
    }
    return new MergeResult(
        seq, anchor, keptCells, keptEmbeddings, scores.clone(), mergedCells, mergedIntoSeq);
  }

  /** A frame kept whole: every token with novelty 1, nothing merged. */
  public static MergeResult wholeFrame(long seq, float[][] tokens) {
    int n = tokens.length;
    int[] cells = new int[n];
    float[] novelty = new float[n];
    for (int c = 0; c < n; c++) {
      cells[c] = c;
      novelty[c] = 1f;
    }
    return new MergeResult(seq, true, cells, tokens, novelty, NO_CELLS, NO_SEQS);
  }

  public long seq() {
    return seq;
  }

  /** Whether the frame was kept whole without comparison. */
  public boolean anchor() {
    return anchor;
  }

  public int keptCount() {
    return keptCells.length;
  }

  public int prunedCount() {
    return mergedCells.length;
  }

  /** Cell of the i-th kept token; kept tokens come in ascending cell order. */
  public int keptCell(int i) {
    return keptCells[i];
  }

  public TokenId keptId(int i) {
    return new TokenId(seq, keptCells[i]);
  }

  /** Embedding of the i-th kept token (the input row itself). */
  public float[] keptEmbedding(int i) {
    return keptEmbeddings[i];
  }

  public float novelty(int i) {
    return novelty[i];
  }

  public int mergedCell(int i) {
    return mergedCells[i];
  }

  /** Seq of the token that represents the i-th pruned cell. */
  public long mergedIntoSeq(int i) {
    return mergedIntoSeq[i];
  }

  /** The token that represents the i-th pruned cell. */
  public TokenId mergedInto(int i) {
    return new TokenId(mergedIntoSeq[i], mergedCells[i]);
  }

  /** Copy of the kept cells. */
  public int[] keptCells() {
    return keptCells.clone();
  }

  /** The kept rows (shallow copy of the row array), in the order of {@link #keptCells()}. */
  public float[][] keptEmbeddings() {
    return keptEmbeddings.clone();
  }

  /** Copy of the novelties, in the order of {@link #keptCells()}. */
  public float[] novelties() {
    return novelty.clone();
  }

  @Override
  public String toString() {
    return "MergeResult[seq="
        + seq
        + ", anchor="
        + anchor
        + ", kept="
        + keptCells.length
        + ", pruned="
        + mergedCells.length
        + "]";
  }
}
