package dev.streamdycoke.simulator.scene;

/**
 * Minimal rasteriser over a packed RGB24 buffer: filled rectangles, discs, rings and thick lines,
 * clipped to the frame, without anti-aliasing (hard edges keep frames exactly reproducible and
 * cheap). A pixel is covered when its centre is inside the shape.
 */
final class Canvas {

  final int width;
  final int height;
  final byte[] rgb;

  Canvas(int width, int height, byte[] rgb) {
    this.width = width;
    this.height = height;
    this.rgb = rgb;
  }

  /** Pixels whose centres lie in {@code [x0, x1) x [y0, y1)}. */
  void fillRect(double x0, double y0, double x1, double y1, int colour) {
    int ya = Math.max(0, (int) Math.ceil(y0 - 0.5));
    int yb = Math.min(height, (int) Math.ceil(y1 - 0.5));
    for (int y = ya; y < yb; y++) {
      span(y, x0, x1, colour);
    }
  }

  void fillDisc(double cx, double cy, double r, int colour) {
    int ya = Math.max(0, (int) Math.ceil(cy - r - 0.5));
    int yb = Math.min(height, (int) Math.ceil(cy + r - 0.5));
    for (int y = ya; y < yb; y++) {
      double dy = y + 0.5 - cy;
      double half = Math.sqrt(Math.max(0, r * r - dy * dy));
      span(y, cx - half, cx + half, colour);
    }
  }

  /** The annulus between radii {@code inner} and {@code outer}. */
  void fillRing(double cx, double cy, double outer, double inner, int colour) {
    int ya = Math.max(0, (int) Math.ceil(cy - outer - 0.5));
    int yb = Math.min(height, (int) Math.ceil(cy + outer - 0.5));
    for (int y = ya; y < yb; y++) {
      double dy = y + 0.5 - cy;
      double outerHalf = Math.sqrt(Math.max(0, outer * outer - dy * dy));
      double innerSq = inner * inner - dy * dy;
      if (innerSq <= 0) {
        span(y, cx - outerHalf, cx + outerHalf, colour);
      } else {
        double innerHalf = Math.sqrt(innerSq);
        span(y, cx - outerHalf, cx - innerHalf, colour);
        span(y, cx + innerHalf, cx + outerHalf, colour);
      }
    }
  }

  /** A segment with round caps, {@code thickness} pixels wide. */
  void line(double x0, double y0, double x1, double y1, double thickness, int colour) {
    double r = thickness / 2;
    int xa = Math.max(0, (int) Math.floor(Math.min(x0, x1) - r));
    int xb = Math.min(width, (int) Math.ceil(Math.max(x0, x1) + r));
    int ya = Math.max(0, (int) Math.floor(Math.min(y0, y1) - r));
    int yb = Math.min(height, (int) Math.ceil(Math.max(y0, y1) + r));
    double dx = x1 - x0;
    double dy = y1 - y0;
    double lengthSq = dx * dx + dy * dy;
    for (int y = ya; y < yb; y++) {
      for (int x = xa; x < xb; x++) {
        double px = x + 0.5 - x0;
        double py = y + 0.5 - y0;
        double t = lengthSq == 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / lengthSq));
        double ex = px - t * dx;
        double ey = py - t * dy;
        if (ex * ex + ey * ey <= r * r) {
          set(x, y, colour);
        }
      }
    }
  }

  void set(int x, int y, int colour) {
    int p = 3 * (y * width + x);
    rgb[p] = (byte) (colour >> 16);
    rgb[p + 1] = (byte) (colour >> 8);
    rgb[p + 2] = (byte) colour;
  }

  /** Row {@code y}, pixels whose centres lie in {@code [x0, x1)}. */
  private void span(int y, double x0, double x1, int colour) {
    int xa = Math.max(0, (int) Math.ceil(x0 - 0.5));
    int xb = Math.min(width, (int) Math.ceil(x1 - 0.5));
    if (xa >= xb) {
      return;
    }
    byte r = (byte) (colour >> 16);
    byte g = (byte) (colour >> 8);
    byte b = (byte) colour;
    for (int p = 3 * (y * width + xa), end = 3 * (y * width + xb); p < end; p += 3) {
      rgb[p] = r;
      rgb[p + 1] = g;
      rgb[p + 2] = b;
    }
  }

  static int rgb(int r, int g, int b) {
    return (r << 16) | (g << 8) | b;
  }
}
