package dev.streamdycoke.simulator.scene;

/**
 * Where in its box an object shows that it is halted: a vehicle's rear lamp, lit while it stands (a
 * bike's sits under the saddle), a person's legs, together instead of mid-stride. The renderer
 * draws the cue here and the demo model's training marks the cells that hold it, so both follow one
 * definition.
 *
 * <p>Coordinates are box-relative as in {@link ObjectPainter}: u across from the rear (mirrored for
 * objects heading left), v down from the top.
 */
public record HaltCue(double u0, double v0, double u1, double v1) {

  /** The cue region of a kind. */
  public static HaltCue of(ObjectKind kind) {
    return switch (kind) {
      case PERSON -> new HaltCue(0.10, 0.60, 0.90, 1.0);
      case CAR -> new HaltCue(0.0, 0.40, 0.11, 0.66);
      case TRUCK -> new HaltCue(0.0, 0.52, 0.07, 0.74);
      case BIKE -> new HaltCue(0.16, 0.26, 0.30, 0.44);
    };
  }

  /** The cue's pixels for an object drawn in {@code box}, heading left or not. */
  public BoundingBox in(BoundingBox box, boolean facesLeft) {
    double w = box.width();
    double h = box.height();
    double xa = box.x0() + (facesLeft ? 1 - u1 : u0) * w;
    double xb = box.x0() + (facesLeft ? 1 - u0 : u1) * w;
    return new BoundingBox(
        (int) Math.floor(xa),
        (int) Math.floor(box.y0() + v0 * h),
        (int) Math.ceil(xb),
        (int) Math.ceil(box.y0() + v1 * h));
  }
}
