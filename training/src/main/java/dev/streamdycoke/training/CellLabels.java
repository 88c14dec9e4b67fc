package dev.streamdycoke.training;

import dev.streamdycoke.simulator.qa.Visibility;
import dev.streamdycoke.simulator.scene.BoundingBox;
import dev.streamdycoke.simulator.scene.GroundTruth;
import dev.streamdycoke.simulator.scene.HaltCue;
import dev.streamdycoke.simulator.scene.Motion;
import dev.streamdycoke.simulator.scene.ObjectColour;
import dev.streamdycoke.simulator.scene.ObjectKind;
import dev.streamdycoke.simulator.scene.Side;
import dev.streamdycoke.simulator.scene.VisibleObject;
import java.util.Comparator;
import java.util.List;

/**
 * What each visual token's cell shows according to the ground truth: background, or the kind and
 * colour of the nearest object whose box covers the cell's centre. It supervises the visual tokens
 * directly during training (an auxiliary loss through a probe that is not part of the checkpoint),
 * which trains the vision tower far faster than answers alone could.
 */
public final class CellLabels {
  /** Class 0 is background; then one class per (kind, colour). */
  public static final int CLASSES = 1 + ObjectKind.values().length * ObjectColour.values().length;

  private CellLabels() {}

  /**
   * A fixed code vector per class, of root-mean-square 1, that visual tokens are pulled towards
   * while the vision tower trains: background cells all alike, an object's cells the sum of a code
   * for its kind and one for its colour. A clean code makes what a frame holds a linear function of
   * its tokens, even averaged over the frame, which is what lets the decoder start learning to read
   * them before it has learnt where to look.
   */
  public static float[][] codes(int dim, long seed) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    int kinds = ObjectKind.values().length;
    int colours = ObjectColour.values().length;
    float[][] parts = new float[1 + kinds + colours][dim];
    for (float[] part : parts) {
      for (int i = 0; i < dim; i++) {
        part[i] = (float) random.nextGaussian();
      }
    }
    float[][] out = new float[CLASSES][];
    out[0] = parts[0];
    for (ObjectKind kind : ObjectKind.values()) {
      for (ObjectColour colour : ObjectColour.values()) {
        float[] code = new float[dim];
        for (int i = 0; i < dim; i++) {
          code[i] =
              (float)
                  ((parts[1 + kind.ordinal()][i] + parts[1 + kinds + colour.ordinal()][i])
                      / Math.sqrt(2));
        }
        out[classOf(kind, colour)] = code;
      }
    }
    return out;
  }

  /** The class of (kind, colour). */
  public static int classOf(ObjectKind kind, ObjectColour colour) {
    return 1 + kind.ordinal() * ObjectColour.values().length + colour.ordinal();
  }

  /**
   * One class per cell of a {@code side x side} grid laid over a {@code width x height} frame,
   * row-major, as the pooled visual tokens are ordered (the frame is squeezed to a square, so cells
   * are {@code width / side} by {@code height / side} pixels).
   *
   * <p>A cell shows an object when the object covers a quarter of the cell, or a quarter of the
   * object lies in the cell: on a coarse grid a far pedestrian is narrower than a cell, and a label
   * taken at the cell's centre alone would miss it, so the tokens would never learn it.
   */
  public static int[] of(GroundTruth truth, int width, int height, int side) {
    VisibleObject[] owners = owners(truth, width, height, side);
    int[] out = new int[owners.length];
    for (int i = 0; i < owners.length; i++) {
      out[i] = owners[i] == null ? 0 : classOf(owners[i].kind(), owners[i].colour());
    }
    return out;
  }

  /**
   * Whether each cell holds the {@link HaltCue} of a halted object it shows (as in {@link #of}):
   * lit brake lamps, legs together. "Is anything stopped?" asks about it; marking the cells that
   * show the cue, and only those (the rest of a halted car looks like a moving one), makes the
   * tokens carry it, as {@link #centres} does for counting.
   */
  public static boolean[] stopped(GroundTruth truth, int width, int height, int side) {
    VisibleObject[] owners = owners(truth, width, height, side);
    boolean[] out = new boolean[owners.length];
    for (int r = 0; r < side; r++) {
      for (int c = 0; c < side; c++) {
        VisibleObject o = owners[r * side + c];
        if (o == null || o.motion() != Motion.STOPPED) {
          continue;
        }
        BoundingBox cue = HaltCue.of(o.kind()).in(o.box(), o.heading() == Side.LEFT);
        out[r * side + c] = shows(cue, width, height, side, r, c);
      }
    }
    return out;
  }

  /** The quarter rule of {@link #of} for one box and cell. */
  private static boolean shows(BoundingBox box, int width, int height, int side, int r, int c) {
    int y0 = r * height / side;
    int y1 = (r + 1) * height / side;
    int x0 = c * width / side;
    int x1 = (c + 1) * width / side;
    long cell = (long) (x1 - x0) * (y1 - y0);
    long covered = overlap(box, x0, y0, x1, y1);
    return covered > 0 && 4 * covered >= Math.min(cell, overlap(box, 0, 0, width, height));
  }

  /** The object each cell shows, or null for background; see {@link #of}. */
  static VisibleObject[] owners(GroundTruth truth, int width, int height, int side) {
    VisibleObject[] out = new VisibleObject[side * side];
    // Lower boxes are nearer the camera and drawn over farther ones: paint far to near.
    List<VisibleObject> order =
        truth.objects().stream()
            .filter(o -> o.visibleFraction() > 0)
            .sorted(Comparator.comparingInt((VisibleObject o) -> o.box().y1()))
            .toList();
    for (VisibleObject o : order) {
      for (int r = 0; r < side; r++) {
        for (int c = 0; c < side; c++) {
          if (shows(o.box(), width, height, side, r, c)) {
            out[r * side + c] = o;
          }
        }
      }
    }
    return out;
  }

  /**
   * Whether each cell of the grid holds the centre of a seen object's visible box ({@link
   * Visibility#isSeen}). An object covers several cells, and "how many" counts objects, not cells:
   * marking one cell per object in the tokens gives the decoder something to count.
   */
  public static boolean[] centres(GroundTruth truth, int width, int height, int side) {
    boolean[] out = new boolean[side * side];
    for (VisibleObject o : truth.objects()) {
      int cell = centreCell(o, width, height, side);
      if (cell >= 0) {
        out[cell] = true;
      }
    }
    return out;
  }

  /** The cell holding a seen object's visible centre (see {@link #centres}), or -1 if unseen. */
  static int centreCell(VisibleObject o, int width, int height, int side) {
    if (!Visibility.isSeen(o)) {
      return -1;
    }
    BoundingBox b = o.box();
    int x0 = Math.max(0, b.x0());
    int x1 = Math.min(width, b.x1());
    int y0 = Math.max(0, b.y0());
    int y1 = Math.min(height, b.y1());
    if (x1 <= x0 || y1 <= y0) {
      return -1;
    }
    int c = Math.min(side - 1, (x0 + x1) / 2 * side / width);
    int r = Math.min(side - 1, (y0 + y1) / 2 * side / height);
    return r * side + c;
  }

  /** The code added to a centre cell's code (see {@link #codes}), of root-mean-square 1. */
  public static float[] centreCode(int dim, long seed) {
    return flagCode(dim, seed ^ 0x5EED_CE17L);
  }

  /** The code added to a halted object's cells' code, of root-mean-square 1. */
  public static float[] stoppedCode(int dim, long seed) {
    return flagCode(dim, seed ^ 0x570_99EDL);
  }

  private static float[] flagCode(int dim, long seed) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    float[] out = new float[dim];
    for (int i = 0; i < dim; i++) {
      out[i] = (float) random.nextGaussian();
    }
    return out;
  }

  private static long overlap(BoundingBox box, int x0, int y0, int x1, int y1) {
    long w = Math.max(0, Math.min(box.x1(), x1) - Math.max(box.x0(), x0));
    long h = Math.max(0, Math.min(box.y1(), y1) - Math.max(box.y0(), y0));
    return w * h;
  }
}
