package dev.streamdycoke.model.vision;

/**
 * An 8-bit RGB image, the decoded form of a camera frame.
 *
 * @param width pixels per row, at least 1
 * @param height rows, at least 1
 * @param rgb interleaved RGB24, row-major: the pixel (x, y) has its red byte at {@code 3 * (y *
 *     width + x)}; the array is used as is, not copied
 */
public record RgbImage(int width, int height, byte[] rgb) {

  public RgbImage {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
    }
    if (rgb == null) {
      throw new IllegalArgumentException("rgb bytes are null");
    }
    long expected = 3L * width * height;
    if (rgb.length != expected) {
      throw new IllegalArgumentException(
          "a "
              + width
              + "x"
              + height
              + " RGB24 image needs "
              + expected
              + " bytes, got "
              + rgb.length);
    }
  }

  /** An image of one colour everywhere, handy for calibration frames and tests. */
  public static RgbImage filled(int width, int height, int red, int green, int blue) {
    byte[] rgb = new byte[3 * width * height];
    for (int i = 0; i < rgb.length; i += 3) {
      rgb[i] = (byte) red;
      rgb[i + 1] = (byte) green;
      rgb[i + 2] = (byte) blue;
    }
    return new RgbImage(width, height, rgb);
  }
}
