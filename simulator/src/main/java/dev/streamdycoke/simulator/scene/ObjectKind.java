package dev.streamdycoke.simulator.scene;

/**
 * The kinds of moving object in the synthetic street, with their typical size and speed.
 *
 * <p>Sizes are relative to the frame height and speeds to the frame width, both at perspective
 * scale 1 (the bottom of the frame), so a scene looks the same at any resolution.
 */
public enum ObjectKind {
  /** A pedestrian: tall and thin, with a head; walks on the sidewalks or crosses the street. */
  PERSON(0.30, 0.36, 0.05, 0.09),
  /** A car: a wide box with a cabin and two wheels; drives in the road lanes. */
  CAR(0.19, 2.3, 0.22, 0.40),
  /** A truck: longer and taller than a car, a cargo box, a cab and three wheels. */
  TRUCK(0.30, 2.6, 0.16, 0.28),
  /** A bicycle: small, two wheels and a coloured frame; in the road lanes or the near sidewalk. */
  BIKE(0.16, 1.6, 0.12, 0.22);

  private final double heightFraction;
  private final double aspect;
  private final double minSpeed;
  private final double maxSpeed;

  ObjectKind(double heightFraction, double aspect, double minSpeed, double maxSpeed) {
    this.heightFraction = heightFraction;
    this.aspect = aspect;
    this.minSpeed = minSpeed;
    this.maxSpeed = maxSpeed;
  }

  /** Height at perspective scale 1, as a fraction of the frame height. */
  public double heightFraction() {
    return heightFraction;
  }

  /** Width divided by height. */
  public double aspect() {
    return aspect;
  }

  /** Slowest cruising speed at perspective scale 1, in frame widths per second. */
  public double minSpeed() {
    return minSpeed;
  }

  /** Fastest cruising speed at perspective scale 1, in frame widths per second. */
  public double maxSpeed() {
    return maxSpeed;
  }

  /** Lower-case name for captions and questions ("person", "car", ...). */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
