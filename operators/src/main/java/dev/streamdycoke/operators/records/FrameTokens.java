package dev.streamdycoke.operators.records;

import dev.streamdycoke.operators.ttm.MergeResult;

/**
 * One frame's visual tokens after temporal token merging: what the answer operator inserts into the
 * camera's cache and model session. Only kept tokens travel; embeddings are flattened row-major so
 * Flink serializes one primitive array rather than an array of arrays.
 */
public class FrameTokens {
  public String cameraId;
  public long seq;
  public long captureTime;

  /** Tokens the frame had before merging (196 for LLaVA-OneVision video). */
  public int tokensPerFrame;

  public int dim;
  public boolean anchor;
  public int[] keptCells;

  /** keptCells.length * dim floats. */
  public float[] embeddings;

  public float[] novelty;
  public int[] mergedCells;
  public long[] mergedIntoSeq;

  /**
   * True for a frame the change gate skipped: no tokens, only its seq and capture time, so the
   * answer operator counts it as seen (answers about now cover it, freshness uses its capture
   * time).
   */
  public boolean unchanged;

  public FrameTokens() {}

  /** A frame the change gate found unchanged since its camera's last encoded frame. */
  public static FrameTokens unchanged(String cameraId, long seq, long captureTime) {
    FrameTokens t = new FrameTokens();
    t.cameraId = cameraId;
    t.seq = seq;
    t.captureTime = captureTime;
    t.unchanged = true;
    t.keptCells = new int[0];
    t.embeddings = new float[0];
    t.novelty = new float[0];
    t.mergedCells = new int[0];
    t.mergedIntoSeq = new long[0];
    return t;
  }

  public static FrameTokens of(
      String cameraId, long captureTime, int tokensPerFrame, MergeResult merged) {
    FrameTokens t = new FrameTokens();
    t.cameraId = cameraId;
    t.seq = merged.seq();
    t.captureTime = captureTime;
    t.tokensPerFrame = tokensPerFrame;
    t.anchor = merged.anchor();
    int k = merged.keptCount();
    t.dim = k == 0 ? 0 : merged.keptEmbedding(0).length;
    t.keptCells = merged.keptCells();
    t.embeddings = new float[k * t.dim];
    for (int i = 0; i < k; i++) {
      System.arraycopy(merged.keptEmbedding(i), 0, t.embeddings, i * t.dim, t.dim);
    }
    t.novelty = merged.novelties();
    int m = merged.prunedCount();
    t.mergedCells = new int[m];
    t.mergedIntoSeq = new long[m];
    for (int i = 0; i < m; i++) {
      t.mergedCells[i] = merged.mergedCell(i);
      t.mergedIntoSeq[i] = merged.mergedIntoSeq(i);
    }
    return t;
  }

  /** The merge decision again, with fresh row arrays that the caller owns. */
  public MergeResult toMergeResult() {
    float[][] rows = new float[keptCells.length][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = new float[dim];
      System.arraycopy(embeddings, i * dim, rows[i], 0, dim);
    }
    return new MergeResult(
        seq,
        anchor,
        keptCells.clone(),
        rows,
        novelty.clone(),
        mergedCells.clone(),
        mergedIntoSeq.clone());
  }

  /**
   * This frame without its tokens: camera, seq, times and flags, empty arrays. For consumers that
   * only need to know that a camera sent a frame, so the embeddings are not serialized to them.
   */
  public FrameTokens header() {
    FrameTokens t = new FrameTokens();
    t.cameraId = cameraId;
    t.seq = seq;
    t.captureTime = captureTime;
    t.tokensPerFrame = tokensPerFrame;
    t.anchor = anchor;
    t.unchanged = unchanged;
    t.keptCells = new int[0];
    t.embeddings = new float[0];
    t.novelty = new float[0];
    t.mergedCells = new int[0];
    t.mergedIntoSeq = new long[0];
    return t;
  }

  public int keptCount() {
    return keptCells.length;
  }

  @Override
  public String toString() {
    return cameraId
        + "#"
        + seq
        + (unchanged ? " unchanged" : " kept " + keptCells.length + "/" + tokensPerFrame);
  }
}
