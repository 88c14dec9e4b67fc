package dev.streamdycoke.operators.cache;

import dev.streamdycoke.operators.ttm.MergeResult;
import java.util.Random;

/** Merge results built directly, so cache tests control exactly what arrives. */
final class CacheFrames {
  static final int D = 8;

  private CacheFrames() {}

  /** A frame keeping cells {@code 0 .. kept-1} with the given novelty and nothing merged. */
  static MergeResult kept(Random random, long seq, int kept, float novelty) {
    int[] cells = new int[kept];
    float[][] rows = new float[kept][D];
    float[] novelties = new float[kept];
    for (int i = 0; i < kept; i++) {
      cells[i] = i;
      novelties[i] = novelty;
      for (int j = 0; j < D; j++) {
        rows[i][j] = (float) random.nextGaussian();
      }
    }
    return new MergeResult(seq, false, cells, rows, novelties, new int[0], new long[0]);
  }

  /** A frame keeping a random subset of {@code n} cells with random novelty. */
  static MergeResult randomSubset(Random random, long seq, int n) {
    int kept = 1 + random.nextInt(n);
    int[] cells = random.ints(0, n).distinct().limit(kept).sorted().toArray();
    float[][] rows = new float[kept][D];
    float[] novelties = new float[kept];
    for (int i = 0; i < kept; i++) {
      novelties[i] = random.nextFloat();
      for (int j = 0; j < D; j++) {
        rows[i][j] = (float) random.nextGaussian();
      }
    }
    return new MergeResult(seq, false, cells, rows, novelties, new int[0], new long[0]);
  }
}
