package dev.streamdycoke.operators.ttm;

import java.util.Random;

/** Token matrices (one row per visual token) with known structure for merging tests. */
final class TokenMatrices {
  private TokenMatrices() {}

  static float[][] random(Random random, int n, int d) {
    float[][] frame = new float[n][d];
    for (float[] row : frame) {
      for (int j = 0; j < d; j++) {
        row[j] = (float) random.nextGaussian();
      }
    }
    return frame;
  }

  static float[][] copy(float[][] frame) {
    float[][] out = new float[frame.length][];
    for (int i = 0; i < frame.length; i++) {
      out[i] = frame[i].clone();
    }
    return out;
  }

  static float[] negate(float[] row) {
    float[] out = new float[row.length];
    for (int j = 0; j < row.length; j++) {
      out[j] = -row[j];
    }
    return out;
  }

  static float cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int j = 0; j < a.length; j++) {
      dot += a[j] * b[j];
      na += a[j] * a[j];
      nb += b[j] * b[j];
    }
    return (float) (dot / Math.sqrt(na * nb));
  }
}
