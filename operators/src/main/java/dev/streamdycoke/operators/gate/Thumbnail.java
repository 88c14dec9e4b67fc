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

  /** Mean absolute difference of the grey levels, 0 (identical) to 255. */
  public double difference(Thumbnail other) {
    long sum = 0;
    for (int i = 0; i < grey.length; i++) {
      sum += Math.abs((grey[i] & 0xff) - (other.grey[i] & 0xff));
    }
    return sum / (double) grey.length;
  }

  /** The grey levels, row-major; not copied. */
  public byte[] pixels() {
    return grey;
  }
}
