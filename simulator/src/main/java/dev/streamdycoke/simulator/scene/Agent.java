package dev.streamdycoke.simulator.scene;

/**
 * The simulator's mutable state of one object. Only {@link SceneSimulator} changes it; the outside
 * world sees immutable {@link SceneObject} snapshots.
 */
final class Agent {

  final int id;
  final ObjectKind kind;
  final ObjectColour colour;
  final Side enteredFrom;

  /** Height at perspective scale 1, pixels (the kind's height with a per-object jitter). */
  final double baseHeight;

  /** Cruising speed at perspective scale 1, pixels per second. */
  final double speed;

  /** The lane it walks or drives in; null while a pedestrian crosses the street. */
  StreetLayout.Lane lane;

  double x;
  double y;
  int dirX;
  int dirY;

  /** Crossing pedestrians: the baseline (pixels) where they turn, and which way. */
  double turnAtY = Double.NaN;

  int turnDirX;

  /** Seconds left of a voluntary halt. */
  double stopRemaining;

  /** Displacement in the last step, pixels. */
  double lastDx;

  double lastDy;
  Motion motion = Motion.MOVING;

  /** The motion last reported in an event, to emit STOPPED/RESUMED on changes only. */
  Motion reportedMotion = Motion.MOVING;

  boolean entered;
  double ageSeconds;

  Agent(
      int id,
      ObjectKind kind,
      ObjectColour colour,
      Side enteredFrom,
      double baseHeight,
      double speed) {
    this.id = id;
    this.kind = kind;
    this.colour = colour;
    this.enteredFrom = enteredFrom;
    this.baseHeight = baseHeight;
    this.speed = speed;
  }

  double scale(int frameHeight) {
    return StreetLayout.scaleAt(y / frameHeight);
  }

  double height(int frameHeight) {
    return baseHeight * scale(frameHeight);
  }

  double width(int frameHeight) {
    return height(frameHeight) * kind.aspect();
  }

  Side heading() {
    if (dirX > 0) {
      return Side.RIGHT;
    }
    if (dirX < 0) {
      return Side.LEFT;
    }
    return dirY < 0 ? Side.TOP : Side.BOTTOM;
  }

  BoundingBox box(int frameHeight) {
    return snapshot(frameHeight, 1).box();
  }

  SceneObject snapshot(int frameHeight, double dt) {
    double h = height(frameHeight);
    return new SceneObject(
        id,
        kind,
        colour,
        x,
        y,
        h * kind.aspect(),
        h,
        lastDx / dt,
        lastDy / dt,
        enteredFrom,
        heading(),
        motion);
  }
}
