package dev.streamdycoke.training;

import dev.streamdycoke.simulator.qa.Visibility;
import dev.streamdycoke.simulator.scene.GroundTruth;
import dev.streamdycoke.simulator.scene.ObjectKind;
import dev.streamdycoke.simulator.scene.VisibleObject;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How many seen objects of each kind a frame holds, as "how many cars are there?" counts them, and
 * the codes that carry those counts in every visual token of the frame while the vision tower
 * trains.
 *
 * <p>Why in the vision tower: it sees a fixed 256 patches per frame, so attention there can turn
 * "how many car centres" into a fixed fraction and learn it. The decoder sees a context whose
 * length changes with every frame streamed, merged or evicted; taught to count there (a rank at
 * each object's centre, {@link CellWords}), it still ranked 90 of 107 second cars "1", and answered
 * 1 for 12 of 15 pairs. With the count in every token of the frame, the decoder only has to read
 * the last frame's tokens.
 */
public final class FrameCounts {
  /** Counts from this on share one code: "how many" rarely goes higher on the demo street. */
  public static final int MANY = 4;

  /** Each count code's share of a token's target: the cell's class code has weight 1. */
  static final float WEIGHT = 0.5f;

  private FrameCounts() {}

  /** Seen objects per kind ({@link ObjectKind#ordinal}), capped at {@link #MANY}. */
  public static int[] of(GroundTruth truth) {
    int[] out = new int[ObjectKind.values().length];
    for (VisibleObject o : truth.objects()) {
      if (Visibility.isSeen(o)) {
        out[o.kind().ordinal()] = Math.min(MANY, out[o.kind().ordinal()] + 1);
      }
    }
    return out;
  }

  /** {@link #of(GroundTruth)} for each frame of a clip. */
  static int[][] of(List<GroundTruth> truths) {
    int[][] out = new int[truths.size()][];
    for (int f = 0; f < out.length; f++) {
      out[f] = of(truths.get(f));
    }
    return out;
  }

  /**
   * Adds each frame's count codes to every token target of that frame ({@code target} is {@code
   * [frame * perFrame + cell][dim]}, flattened).
   */
  static void addCodes(float[] target, int[][] counts, float[][][] codes, int perFrame) {
    int dim = codes[0][0].length;
    for (int f = 0; f < counts.length; f++) {
      for (int k = 0; k < counts[f].length; k++) {
        float[] code = codes[k][counts[f][k]];
        for (int i = f * perFrame; i < (f + 1) * perFrame; i++) {
          for (int d = 0; d < dim; d++) {
            target[i * dim + d] += code[d];
          }
        }
      }
    }
  }

  /**
   * For the training log: {@code {asked, right}}, the (frame, kind) pairs with at least one object
   * and how many of them each frame's mean token {@link #read reads} right.
   */
  static long[] tally(float[] tokens, int[][] counts, float[][][] codes, int perFrame) {
    int dim = codes[0][0].length;
    long[] out = new long[2];
    for (int f = 0; f < counts.length; f++) {
      float[] mean = new float[dim];
      for (int i = f * perFrame; i < (f + 1) * perFrame; i++) {
        for (int d = 0; d < dim; d++) {
          mean[d] += tokens[i * dim + d] / perFrame;
        }
      }
      int[] read = read(mean, codes);
      for (int k = 0; k < read.length; k++) {
        if (counts[f][k] > 0) {
          out[0]++;
          out[1] += read[k] == counts[f][k] ? 1 : 0;
        }
      }
    }
    return out;
  }

  /** {@code [kind][count][dim]}: a fixed code per kind and count, of root-mean-square WEIGHT. */
  public static float[][][] codes(int dim, long seed) {
    SplittableRandom random = new SplittableRandom(seed ^ 0xC0_47_5EEDL);
    float[][][] out = new float[ObjectKind.values().length][MANY + 1][dim];
    for (float[][] kind : out) {
      for (float[] code : kind) {
        for (int d = 0; d < dim; d++) {
          code[d] = (float) (WEIGHT * random.nextGaussian());
        }
      }
    }
    return out;
  }

  /**
   * The counts a frame's mean token reads as: per kind, the count whose code it lies closest to in
   * direction, which is how the training log checks that the tokens carry them.
   */
  static int[] read(float[] meanToken, float[][][] codes) {
    int[] out = new int[codes.length];
    for (int k = 0; k < codes.length; k++) {
      double best = Double.NEGATIVE_INFINITY;
      for (int n = 0; n < codes[k].length; n++) {
        double dot = 0;
        for (int d = 0; d < meanToken.length; d++) {
          dot += meanToken[d] * codes[k][n][d];
        }
        if (dot > best) {
          best = dot;
          out[k] = n;
        }
      }
    }
    return out;
  }
}
