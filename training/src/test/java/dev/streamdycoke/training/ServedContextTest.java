package dev.streamdycoke.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.operators.cache.EvictionPolicy;
import dev.streamdycoke.operators.ttm.TtmConfig;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Training contexts cut by the runtime's own TTM and cache. */
class ServedContextTest {
  private static final int CELLS = 16;

  /** Frames whose first half of cells never changes and whose second half is noise. */
  private static float[][][] clip(int frames) {
    SplittableRandom random = new SplittableRandom(3);
    float[][] still = new float[CELLS / 2][8];
    for (float[] row : still) {
      for (int d = 0; d < row.length; d++) {
        row[d] = (float) random.nextGaussian();
      }
    }
    float[][][] out = new float[frames][CELLS][8];
    for (int f = 0; f < frames; f++) {
      for (int c = 0; c < CELLS; c++) {
        for (int d = 0; d < 8; d++) {
          out[f][c][d] = c < CELLS / 2 ? still[c][d] : (float) random.nextGaussian();
        }
      }
    }
    return out;
  }

  @Test
  void mergingDropsRepeatedTokensButKeepsTheFirstFrameWhole() {
    int[] kept = ServedContext.kept(clip(4), TtmConfig.dycoke(0.5), 0, EvictionPolicy.fifo());
    assertTrue(kept.length < 4 * CELLS, "merged: " + kept.length);
    assertArrayEquals(IntStream.range(0, CELLS).toArray(), Arrays.copyOf(kept, CELLS));
    for (int i = 1; i < kept.length; i++) {
      assertTrue(kept[i] > kept[i - 1], "in the session's order");
    }
  }

  @Test
  void aBoundedCacheKeepsAtMostItsCapacityAndTheNewestFrameWhole() {
    float[][][] frames = clip(8);
    int[] kept =
        ServedContext.kept(frames, TtmConfig.dycoke(0.3), 2 * CELLS, EvictionPolicy.fifo());
    assertTrue(kept.length <= 2 * CELLS, "kept " + kept.length);
    int[] none = ServedContext.kept(frames, TtmConfig.dycoke(0.3), 0, EvictionPolicy.fifo());
    assertTrue(kept.length < none.length, "evicted");
    assertEquals(none[none.length - 1], kept[kept.length - 1]);
  }
}
