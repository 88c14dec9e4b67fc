package dev.streamdycoke.simulator.scene;

/**
 * An axis-aligned pixel rectangle, {@code [x0, x1) x [y0, y1)}: the right and bottom bounds are
 * exclusive, so {@code width = x1 - x0}. May be empty, or lie partly or fully outside a frame.
 */
public record BoundingBox(int x0, int y0, int x1, int y1) {

  public int width() {
    return Math.max(0, x1 - x0);
  }

  public int height() {
    return Math.max(0, y1 - y0);
  }

  /** Pixels covered; 0 when empty. */
  public long area() {
    return (long) width() * height();
  }

  public boolean isEmpty() {
    return x1 <= x0 || y1 <= y0;
  }

  /** The part inside a {@code width x height} frame; empty if none. */
  public BoundingBox clip(int width, int height) {
    return new BoundingBox(
        Math.max(0, x0), Math.max(0, y0), Math.min(width, x1), Math.min(height, y1));
  }

  /** Whether the pixel {@code (x, y)} lies inside. */
  public boolean contains(int x, int y) {
    return x >= x0 && x < x1 && y >= y0 && y < y1;
  }

  /** Whether the box lies entirely inside a {@code width x height} frame. */
  public boolean isInside(int width, int height) {
    return x0 >= 0 && y0 >= 0 && x1 <= width && y1 <= height;
  }
}
