package dev.streamdycoke.operators.ttm;

/**
 * Novelty against the camera's background: a fixed camera's tokens drift slowly where nothing
 * happens, so a running per-cell average of them (an exponential moving average, the token-space
 * form of background subtraction) tells what is in front of the street. A token's novelty is {@code
 * 1 - cosine} to its cell's background.
 *
 * <p>Why not the similarity to the frame TTM compared with: that marks change, so a cell an object
 * has just left scores as high as the object, an object that stopped scores 0, and the first frame
 * of a stream has nothing to compare with. Eviction by score (DECAY) keeps what stood in front of
 * the street, long after it left, which is what memory questions ask about.
 *
 * <p>The background is refreshed every {@value #EVERY} frames (seq divisible by it), at {@link
 * #RATE} per refresh, about 0.1 per frame: scoring and merging run on every frame, and a refresh
 * allocates and writes a whole frame, which on every frame halved TTM's throughput (JMH {@code
 * TtmCacheBenchmark}). A halt of a few seconds barely enters it.
 *
 * <p>Stateless: the background lives in the merger's state ({@link BackgroundState}) and is
 * replaced, never modified, so snapshots may share it.
 */
final class BackgroundNovelty {
  /** Frames between refreshes: DyCoke's window, so its anchors refresh. */
  static final int EVERY = 4;

  /** Weight of the new frame in a refresh: 1 - 0.9^4, 0.1 per frame. */
  static final float RATE = 0.3439f;

  /** A merged frame with its kept tokens scored, and the background to keep after it. */
  record Scored(MergeResult frame, BackgroundState background) {}

  private BackgroundNovelty() {}

  /**
   * Scores {@code merged}'s kept tokens (raw frame {@code tokens}) against {@code background} (null
   * before the first frame), then refreshes the background if {@code seq} is due.
   */
  static Scored apply(
      BackgroundState background,
      long seq,
      float[][] tokens,
      MergeResult merged,
      ReferencePrecision precision) {
    float[][] rows = background == null ? null : background.rows;
    float[] norms = background == null ? null : background.norms;
    MergeResult scored = merged.withNovelty(score(rows, norms, tokens, merged));
    BackgroundState refreshed = update(rows, seq, tokens, precision);
    return new Scored(scored, refreshed != null ? refreshed : background);
  }

  /**
   * The novelty of each kept token of {@code frame} (raw tokens {@code tokens}) against {@code
   * background}; with none of this shape yet, against the frame's own mean token, which the street
   * dominates.
   */
  private static float[] score(float[][] rows, float[] norms, float[][] tokens, MergeResult frame) {
    boolean fits = fits(rows, tokens);
    float[] mean = fits ? null : mean(tokens);
    float meanNorm = fits ? 0 : Cosine.norm(mean);
    float[] tokenNorm = new float[1];
    float[] out = new float[frame.keptCount()];
    for (int i = 0; i < out.length; i++) {
      int c = frame.keptCell(i);
      float[] ref = fits ? rows[c] : mean;
      float dot = Cosine.dotAndNorm(tokens[c], ref, tokenNorm, 0);
      float similarity = Cosine.similarity(dot, tokenNorm[0], fits ? norms[c] : meanNorm);
      out[i] = Math.max(0f, 1f - similarity);
    }
    return out;
  }

  /**
   * The background after frame {@code seq}: the frame itself when none fits yet, a refresh when
   * {@code seq} is a refresh frame, else null (keep the current one). The rows are rounded to
   * {@code precision}, as keyed state stores them, before their norms are taken.
   */
  private static BackgroundState update(
      float[][] rows, long seq, float[][] tokens, ReferencePrecision precision) {
    boolean fits = fits(rows, tokens);
    if (fits && Math.floorMod(seq, EVERY) != 0) {
      return null;
    }
    int n = tokens.length;
    float[][] out = new float[n][];
    float[] norms = new float[n];
    for (int c = 0; c < n; c++) {
      float[] row;
      if (fits) {
        row = new float[tokens[c].length];
        float[] old = rows[c];
        float[] now = tokens[c];
        for (int d = 0; d < row.length; d++) {
          row[d] = old[d] + RATE * (now[d] - old[d]);
        }
      } else {
        row = tokens[c].clone();
      }
      out[c] = row;
    }
    out = precision.round(out);
    Cosine.norms(out, norms);
    return new BackgroundState(out, norms);
  }

  private static boolean fits(float[][] rows, float[][] tokens) {
    return rows != null && Frames.sameShape(rows, tokens);
  }

  private static float[] mean(float[][] tokens) {
    float[] out = new float[tokens[0].length];
    for (float[] row : tokens) {
      for (int d = 0; d < out.length; d++) {
        out[d] += row[d];
      }
    }
    for (int d = 0; d < out.length; d++) {
      out[d] /= tokens.length;
    }
    return out;
  }
}
