package dev.streamdycoke.model.session;

import dev.streamdycoke.model.lm.AttentionObserver;
import java.util.Arrays;

/**
 * Dynamic pruning while decoding (DP, docs/algorithms.md section 4) and the attention export, for
 * one answer.
 *
 * <p>At each decode step the newest token's attention at layer L - 1, averaged over heads and
 * restricted to visual rows, picks the visual tokens layers L and above may attend to: the top
 * {@code min(A, ceil((1 - P) * visible))}. The previous step's pick is reused while the two steps'
 * visual attention stay similar (cosine at least 0.9) and recomputed when they diverge. DyCoke's
 * reference code falls back to the full cache in the divergent case, which inverts the intent; this
 * follows the paper.
 *
 * <p>Every layer's attention is also accumulated per visual token: the attention mass the token
 * cache turns into relevance scores.
 */
final class DecodingAttention implements AttentionObserver {
  private final int visualStart;
  private final int visualCount;
  private final int layers;
  private final AnswerSettings settings;
  private final int kept;
  private final float[] mass;
  private int steps;
  private boolean decoding;
  private float[] previous;
  private int[] selection;
  private long attendedSum;
  private int decodeSteps;
  private int recomputations;

  DecodingAttention(int visualStart, int visualCount, int layers, AnswerSettings settings) {
    this.visualStart = visualStart;
    this.visualCount = visualCount;
    this.layers = layers;
    this.settings = settings;
    this.kept = settings.keptTokens(visualCount);
    this.mass = new float[visualCount];
  }

  /** From now on each forward pass is one decode step, and pruning applies. */
  void startDecoding() {
    decoding = true;
  }

  private boolean prunes() {
    return decoding && kept < visualCount && settings.pruningLayer() < layers;
  }

  @Override
  public int[] visibleRows(int layer, int cacheLength) {
    if (layer == 0 && decoding) {
      decodeSteps++;
      attendedSum += prunes() ? kept : visualCount;
    }
    if (!prunes() || layer < settings.pruningLayer() || selection == null) {
      return null;
    }
    int visualEnd = visualStart + visualCount;
    int[] rows = new int[visualStart + selection.length + (cacheLength - visualEnd)];
    int r = 0;
    for (int i = 0; i < visualStart; i++) {
      rows[r++] = i;
    }
    for (int s : selection) {
      rows[r++] = s;
    }
    for (int i = visualEnd; i < cacheLength; i++) {
      rows[r++] = i;
    }
    return rows;
  }

  @Override
  public boolean wantsAttention(int layer) {
    return true;
  }

  @Override
  public void observe(int layer, float[] attention, int[] rows) {
    accumulate(attention, rows);
    if (layer == layers - 1) {
      steps++;
    }
    if (layer == settings.pruningLayer() - 1) {
      float[] visual = Arrays.copyOfRange(attention, visualStart, visualStart + visualCount);
      if (prunes()) {
        select(visual);
      }
      previous = visual;
    }
  }

  private void accumulate(float[] attention, int[] rows) {
    int visualEnd = visualStart + visualCount;
    for (int i = 0; i < attention.length; i++) {
      int row = rows == null ? i : rows[i];
      if (row >= visualStart && row < visualEnd) {
        mass[row - visualStart] += attention[i] / layers;
      }
    }
  }

  private void select(float[] visual) {
    if (selection != null
        && previous != null
        && cosine(visual, previous) >= settings.reuseSimilarity()) {
      return;
    }
    recomputations++;
    // Sort (attention descending, row ascending) as primitive longs: no boxing on the decode
    // path. Attention is non-negative, so its float bits order like the floats themselves.
    long[] keys = new long[visualCount];
    for (int i = 0; i < visualCount; i++) {
      long bits = Float.floatToIntBits(Math.max(0f, visual[i]));
      keys[i] = ((0x7fffffffL - bits) << 32) | i;
    }
    Arrays.sort(keys);
    int[] chosen = new int[kept];
    for (int i = 0; i < kept; i++) {
      chosen[i] = visualStart + (int) (keys[i] & 0xffffffffL);
    }
    Arrays.sort(chosen);
    selection = chosen;
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  /** Mass per visual token (in cache order), averaged over the steps observed. */
  float[] mass() {
    float[] out = mass.clone();
    if (steps > 0) {
      for (int i = 0; i < out.length; i++) {
        out[i] /= steps;
      }
    }
    return out;
  }

  /** Visual tokens attended in the pruned layers, averaged over decode steps. */
  double tokensAttended() {
    return decodeSteps == 0 ? visualCount : (double) attendedSum / decodeSteps;
  }

  /** How often the selection was computed anew rather than reused. */
  int recomputations() {
    return recomputations;
  }
}
