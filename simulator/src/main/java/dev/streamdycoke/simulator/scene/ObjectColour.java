package dev.streamdycoke.simulator.scene;

/**
 * The colour of an object's body (a person's shirt, a vehicle's paint, a bike's frame).
 *
 * <p>The values are saturated or extreme on purpose: the background is painted in muted tones, so a
 * question such as "what colour is the car" has one unambiguous answer.
 */
public enum ObjectColour {
  RED(210, 35, 35),
  GREEN(40, 165, 60),
  BLUE(40, 70, 200),
  YELLOW(235, 205, 40),
  WHITE(240, 240, 240),
  BLACK(25, 25, 28);

  private final int red;
  private final int green;
  private final int blue;

  ObjectColour(int red, int green, int blue) {
    this.red = red;
    this.green = green;
    this.blue = blue;
  }

  public int red() {
    return red;
  }

  public int green() {
    return green;
  }

  public int blue() {
    return blue;
  }

  /** Packed {@code 0xRRGGBB}. */
  public int rgb() {
    return (red << 16) | (green << 8) | blue;
  }

  /** Lower-case name for captions and questions ("red", ...). */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
