package dev.streamdycoke.operators.decode;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;

/**
 * Converts whatever ImageIO produced (3-byte BGR, interleaved RGB, grey, grey + alpha, palette,
 * RGBA, 16-bit) into packed RGB24.
 *
 * <p>Alpha is dropped, not composited, as PIL's {@code convert("RGB")} does: the model's
 * preprocessing was trained on images converted that way. Grey is copied as is (R = G = B = grey)
 * rather than through {@link BufferedImage#getRGB}, because Java treats PNG and JPEG grey as linear
 * and would brighten it on the way to sRGB, which PIL does not.
 */
final class RgbPixels {

  private RgbPixels() {}

  static byte[] toRgb24(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
    ColorModel cm = image.getColorModel();
    Raster raster = image.getRaster();
    if (isGrey(cm)) {
      copyGrey(raster, cm.getComponentSize(0), w, h, out);
    } else if (isPlainSrgb8(cm)) {
      copySrgb8(raster, w, h, out);
    } else {
      copyViaArgb(image, w, h, out);
    }
    return out;
  }

  private static boolean isGrey(ColorModel cm) {
    return cm instanceof ComponentColorModel
        && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY
        && cm.getNumColorComponents() == 1
        && !cm.isAlphaPremultiplied()
        && cm.getComponentSize(0) <= 16;
  }

  /** 8-bit sRGB components in any band order: the raster hands them back as R, G, B (, A). */
  private static boolean isPlainSrgb8(ColorModel cm) {
    if (!(cm instanceof ComponentColorModel)
        || !cm.getColorSpace().isCS_sRGB()
        || cm.getNumColorComponents() != 3
        || cm.isAlphaPremultiplied()) {
      return false;
    }
    for (int size : cm.getComponentSize()) {
      if (size != 8) {
        return false;
      }
    }
    return true;
  }

  private static void copyGrey(Raster raster, int bits, int w, int h, byte[] out) {
    int[] row = new int[w];
    int max = (1 << bits) - 1;
    int o = 0;
    for (int y = 0; y < h; y++) {
      raster.getSamples(0, y, w, 1, 0, row);
      for (int x = 0; x < w; x++) {
        int v = row[x];
        // Rescale 1/2/4/16-bit grey to 8 bits with rounding; 8-bit passes unchanged.
        byte g = (byte) (bits == 8 ? v : (v * 255 + max / 2) / max);
        out[o++] = g;
        out[o++] = g;
        out[o++] = g;
      }
    }
  }

  private static void copySrgb8(Raster raster, int w, int h, byte[] out) {
    int bands = raster.getNumBands();
    int[] row = new int[w * bands];
    int o = 0;
    for (int y = 0; y < h; y++) {
      raster.getPixels(0, y, w, 1, row);
      for (int i = 0; i < row.length; i += bands) {
        out[o++] = (byte) row[i];
        out[o++] = (byte) row[i + 1];
        out[o++] = (byte) row[i + 2];
      }
    }
  }

  /** Palette, 16-bit colour, other colour spaces: slower, but the colour model knows best. */
  private static void copyViaArgb(BufferedImage image, int w, int h, byte[] out) {
    int[] row = new int[w];
    int o = 0;
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int argb = row[x];
        out[o++] = (byte) (argb >>> 16);
        out[o++] = (byte) (argb >>> 8);
        out[o++] = (byte) argb;
      }
    }
  }
}
