package dev.streamdycoke.model.vision;

/**
 * Pillow's {@code Image.resize} for 8-bit RGB images ({@code libImaging/Resample.c}), so frames get
 * the same pixels the Hugging Face image processor feeds the model: a separable convolution,
 * horizontal pass first, whose kernel support widens by the scale when downsampling (Pillow's
 * built-in antialiasing), with Pillow's 22-bit fixed-point coefficients and its rounding and
 * clamping to 8 bits after each pass.
 */
final class PilResampler {
  /** Pillow's {@code PRECISION_BITS}: 32 bits minus 8 for the pixel and 2 for headroom. */
  private static final int PRECISION_BITS = 32 - 8 - 2;

  /** Pillow's filter ids, as {@code preprocessor_config.json}'s {@code resample} gives them. */
  static final int BILINEAR = 2;

  static final int BICUBIC = 3;

  private final int filter;

  PilResampler(int filter) {
    if (filter != BILINEAR && filter != BICUBIC) {
      throw new IllegalArgumentException(
          "resample " + filter + " is not supported: use 2 (bilinear) or 3 (bicubic)");
    }
    this.filter = filter;
  }

  /** Resizes interleaved RGB24 bytes; an axis whose size does not change is left untouched. */
  byte[] resize(byte[] rgb, int inWidth, int inHeight, int outWidth, int outHeight) {
    byte[] pixels = rgb;
    int width = inWidth;
    if (outWidth != inWidth) {
      pixels = horizontal(pixels, inWidth, inHeight, coefficients(inWidth, outWidth), outWidth);
      width = outWidth;
    }
    if (outHeight != inHeight) {
      pixels = vertical(pixels, width, coefficients(inHeight, outHeight), outHeight);
    }
    return pixels;
  }

  /** Per output index: first input index, tap count and fixed-point taps. */
  record Coefficients(int[] start, int[] count, int[][] taps) {}

  Coefficients coefficients(int inSize, int outSize) {
    double support = filter == BICUBIC ? 2.0 : 1.0;
    double scale = (double) inSize / outSize;
    double filterScale = Math.max(scale, 1.0);
    support *= filterScale;
    int[] start = new int[outSize];
    int[] count = new int[outSize];
    int[][] taps = new int[outSize][];
    double[] weights = new double[(int) Math.ceil(support) * 2 + 1];
    for (int out = 0; out < outSize; out++) {
      double center = (out + 0.5) * scale;
      double invScale = 1.0 / filterScale;
      // Casts truncate toward zero as C's do, which Pillow's bounds depend on.
      int min = Math.max((int) (center - support + 0.5), 0);
      int max = Math.min((int) (center + support + 0.5), inSize) - min;
      double sum = 0;
      for (int x = 0; x < max; x++) {
        double w = kernel((x + min - center + 0.5) * invScale);
        weights[x] = w;
        sum += w;
      }
      int[] fixed = new int[max];
      for (int x = 0; x < max; x++) {
        double w = sum != 0.0 ? weights[x] / sum : weights[x];
        fixed[x] =
            (int) (w < 0 ? -0.5 + w * (1 << PRECISION_BITS) : 0.5 + w * (1 << PRECISION_BITS));
      }
      start[out] = min;
      count[out] = max;
      taps[out] = fixed;
    }
    return new Coefficients(start, count, taps);
  }

  private double kernel(double x) {
    double t = Math.abs(x);
    if (filter == BILINEAR) {
      return t < 1.0 ? 1.0 - t : 0.0;
    }
    // Pillow's bicubic convolution with a = -0.5 (Keys), not the a = -0.75 of OpenCV.
    double a = -0.5;
    if (t < 1.0) {
      return ((a + 2.0) * t - (a + 3.0)) * t * t + 1;
    }
    if (t < 2.0) {
      return (((t - 5) * t + 8) * t - 4) * a;
    }
    return 0.0;
  }

  private static byte[] horizontal(byte[] in, int inWidth, int height, Coefficients c, int outW) {
    byte[] out = new byte[3 * outW * height];
    for (int y = 0; y < height; y++) {
      int rowIn = 3 * y * inWidth;
      int rowOut = 3 * y * outW;
      for (int x = 0; x < outW; x++) {
        int[] taps = c.taps()[x];
        int first = rowIn + 3 * c.start()[x];
        for (int ch = 0; ch < 3; ch++) {
          int acc = 1 << (PRECISION_BITS - 1);
          for (int k = 0; k < taps.length; k++) {
            acc += (in[first + 3 * k + ch] & 0xff) * taps[k];
          }
          out[rowOut + 3 * x + ch] = clip8(acc);
        }
      }
    }
    return out;
  }

  private static byte[] vertical(byte[] in, int width, Coefficients c, int outH) {
    byte[] out = new byte[3 * width * outH];
    int stride = 3 * width;
    for (int y = 0; y < outH; y++) {
      int[] taps = c.taps()[y];
      int first = stride * c.start()[y];
      for (int i = 0; i < stride; i++) {
        int acc = 1 << (PRECISION_BITS - 1);
        for (int k = 0; k < taps.length; k++) {
          acc += (in[first + k * stride + i] & 0xff) * taps[k];
        }
        out[y * stride + i] = clip8(acc);
      }
    }
    return out;
  }

  private static byte clip8(int acc) {
    int v = acc >> PRECISION_BITS;
    return (byte) (v < 0 ? 0 : Math.min(v, 255));
  }
}
