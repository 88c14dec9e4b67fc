package dev.streamdycoke.operators.gate;

import dev.streamdycoke.model.vision.RgbImage;

/**
 * A frame shrunk to 56x56 greyscale by box averaging, what the change gate compares.
 *
 * <p>Averaging each cell over its block of pixels, rather than sampling one pixel, is what makes
 * the test robust to sensor noise: noise averages out over a block while a moving object shifts the
 * block means it covers. 56x56 cells are fine enough that a person a few dozen pixels tall in a
 * 720p frame covers several, and cheap next to one pass of the tower.
 */
public final class Thumbnail {
  public static final int SIZE = 56;

  private final byte[] grey;

  private Thumbnail(byte[] grey) {
    this.grey = grey;
  }

  /** Wraps a thumbnail as {@link #pixels()} returned it, e.g. from keyed state. */
  public static Thumbnail of(byte[] grey) {
    if (grey.length != SIZE * SIZE) {
      throw new IllegalArgumentException(
          "a thumbnail has " + SIZE * SIZE + " pixels, got " + grey.length);
    }
    return new Thumbnail(grey);
  }

  public static Thumbnail of(RgbImage image) {
    int w = image.width();
    int h = image.height();
    byte[] rgb = image.rgb();
    byte[] grey = new byte[SIZE * SIZE];
    for (int ty = 0; ty < SIZE; ty++) {
      int y0 = ty * h / SIZE;
      int y1 = Math.max(y0 + 1, (ty + 1) * h / SIZE);
      for (int tx = 0; tx < SIZE; tx++) {
        int x0 = tx * w / SIZE;
        int x1 = Math.max(x0 + 1, (tx + 1) * w / SIZE);
        long sum = 0;
        for (int y = y0; y < y1; y++) {
          int i = 3 * (y * w + x0);
          for (int x = x0; x < x1; x++, i += 3) {
            // ITU-R BT.601 luma in 8-bit fixed point.
            sum += 77 * (rgb[i] & 0xff) + 150 * (rgb[i + 1] & 0xff) + 29 * (rgb[i + 2] & 0xff);
          }
        }
        long pixels = (long) (y1 - y0) * (x1 - x0);
        grey[ty * SIZE + tx] = (byte) ((sum / pixels) >> 8);
      }
    }
    return new Thumbnail(grey);
  }

  /** Side of the blocks of cells {@link #change} compares, in cells (a seventh of the frame). */
  static final int BLOCK = 8;

  /** Blocks overlap by half, so an object on a block border is not split between two. */
  static final int STRIDE = BLOCK / 2;

  /** Grey levels of a cell's difference put down to sensor and compression noise. */
  static final int NOISE_FLOOR = 4;

  /**
   * How far a cell's content may have moved and still count as the same, in cells: a slow motion of
   * something already seen (a person walking on a fixed camera) is not new, an object appearing,
   * leaving or moving further is.
   */
  static final int SHIFT = 1;

  /**
   * How much the most-changed part of the frame changed, 0 (identical) to 255: the largest mean,
   * over overlapping blocks of {@link #BLOCK}x{@link #BLOCK} cells, of each cell's difference less
   * {@link #NOISE_FLOOR}. A cell's difference is how far its grey level is from the closest one
   * within {@link #SHIFT} cells in the other thumbnail, taken both ways (so an object that appears
   * and one that leaves both count).
   *
   * <p>Why not the mean over the whole frame: an object covering a few cells moves that mean by a
   * fraction of a grey level, below any threshold that also ignores noise; in one block it moves
   * the block's mean by tens.
   */
  public double change(Thumbnail other) {
    int[] integral = new int[(SIZE + 1) * (SIZE + 1)];
    for (int y = 0; y < SIZE; y++) {
      int row = 0;
      for (int x = 0; x < SIZE; x++) {
        int i = y * SIZE + x;
        int d = Math.max(nearest(grey, other.grey, x, y), nearest(other.grey, grey, x, y));
        row += Math.max(0, d - NOISE_FLOOR);
        integral[(y + 1) * (SIZE + 1) + x + 1] = integral[y * (SIZE + 1) + x + 1] + row;
      }
    }
    int best = 0;
    for (int y = 0; y + BLOCK <= SIZE; y += STRIDE) {
      for (int x = 0; x + BLOCK <= SIZE; x += STRIDE) {
        int sum =
            integral[(y + BLOCK) * (SIZE + 1) + x + BLOCK]
                - integral[y * (SIZE + 1) + x + BLOCK]
                - integral[(y + BLOCK) * (SIZE + 1) + x]
                + integral[y * (SIZE + 1) + x];
        best = Math.max(best, sum);
      }
    }
    return best / (double) (BLOCK * BLOCK);
  }

  /** How far cell (x, y) of {@code a} is from the closest grey level near (x, y) in {@code b}. */
  private static int nearest(byte[] a, byte[] b, int x, int y) {
    int v = a[y * SIZE + x] & 0xff;
    int best = 255;
    for (int ny = Math.max(0, y - SHIFT); ny <= Math.min(SIZE - 1, y + SHIFT); ny++) {
      for (int nx = Math.max(0, x - SHIFT); nx <= Math.min(SIZE - 1, x + SHIFT); nx++) {
        best = Math.min(best, Math.abs(v - (b[ny * SIZE + nx] & 0xff)));
      }
    }
    return best;
  }

  /** The grey levels, row-major; not copied. */
  public byte[] pixels() {
    return grey;
  }
}
