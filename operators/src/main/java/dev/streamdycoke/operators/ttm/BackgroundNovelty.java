package dev.streamdycoke.operators.ttm;

/**
 * Novelty against the camera's background: a fixed camera's tokens drift slowly where nothing
 * happens, so a running per-cell average of them (an exponential moving average at {@link #RATE}
 * per frame, the token-space form of background subtraction) tells what is in front of the
 * street. A token's novelty is {@code 1 - cosine} to its cell's background.
 *
 * <p>Why not the similarity to the frame TTM compared with: that marks change, so a cell an object
 * has just left scores as high as the object, an object that stopped scores 0, and the first
 * frame of a stream has nothing to compare with. Eviction by score (DECAY) keeps what stood in
 * front of the street, long after it left, which is what memory questions ask about.
 *
 * <p>Stateless: the background lives in the merger's state and is replaced, never modified, so
 * snapshots may share it.
 */
final class BackgroundNovelty {
  /** Weight of a new frame in the background: a halt of a few seconds barely enters it. */
  static final float RATE = 0.1f;

  private BackgroundNovelty() {}

  /**
   * The novelty of each kept token of {@code frame} (raw tokens {@code tokens}) against {@code
   * background}; with no background of this shape yet, against the frame's own mean token, which
   * the street dominates.
   */
  static float[] score(float[][] background, float[][] tokens, MergeResult frame) {
    float[][] reference = fits(background, tokens) ? background : null;
    float[] mean = reference == null ? mean(tokens) : null;
    float[] out = new float[frame.keptCount()];
    for (int i = 0; i < out.length; i++) {
      int c = frame.keptCell(i);
      float[] ref = reference == null ? mean : reference[c];
      out[i] = Math.max(0f, 1f - Cosine.similarity(Cosine.dot(tokens[c], ref),
          Cosine.norm(tokens[c]), Cosine.norm(ref)));
    }
    return out;
  }

  /** The background after {@code tokens}: a new array; the frame itself when none fits yet. */
  static float[][] update(float[][] background, float[][] tokens) {
    if (!fits(background, tokens)) {
      float[][] first = new float[tokens.length][];
      for (int c = 0; c < tokens.length; c++) {
        first[c] = tokens[c].clone();
      }
      return first;
    }
    float[][] out = new float[tokens.length][];
    for (int c = 0; c < tokens.length; c++) {
      float[] row = new float[tokens[c].length];
      for (int d = 0; d < row.length; d++) {
        row[d] = background[c][d] + RATE * (tokens[c][d] - background[c][d]);
      }
      out[c] = row;
    }
    return out;
  }

  private static boolean fits(float[][] background, float[][] tokens) {
    return background != null && Frames.sameShape(background, tokens);
  }

  private static float[] mean(float[][] tokens) {
    float[] out = new float[tokens[0].length];
    for (float[] row : tokens) {
      for (int d = 0; d < out.length; d++) {
        out[d] += row[d] / tokens.length;
      }
    }
    return out;
  }
}
