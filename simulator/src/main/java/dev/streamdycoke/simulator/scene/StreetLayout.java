package dev.streamdycoke.simulator.scene;

import java.util.List;
import java.util.Set;

/**
 * The fixed geometry of the street, shared by the simulator (where objects walk and drive) and the
 * renderer (where it paints the sidewalks and the road), as fractions of the frame height.
 *
 * <p>From top to bottom: building facades, the far sidewalk, the road with two lanes (the far lane
 * drives left, the near lane right), the near sidewalk. Objects shrink towards the top, a cheap
 * perspective that makes depth (and so draw order) visible.
 */
final class StreetLayout {

  /** Bottom of the facades, top of the far sidewalk. */
  static final double FACADE_BOTTOM = 0.30;

  /** Top of the road. */
  static final double ROAD_TOP = 0.47;

  /** The dashed line between the two lanes. */
  static final double LANE_DIVIDER = 0.65;

  /** Bottom of the road, top of the near sidewalk. */
  static final double ROAD_BOTTOM = 0.82;

  /** Where an object of a lane stands, which way it travels, and which kinds use it. */
  record Lane(String name, double baseline, int direction, Set<ObjectKind> kinds) {
    /** Whether objects may travel both ways (sidewalks). */
    boolean twoWay() {
      return direction == 0;
    }
  }

  static final Lane FAR_SIDEWALK = new Lane("far sidewalk", 0.44, 0, Set.of(ObjectKind.PERSON));
  static final Lane FAR_LANE =
      new Lane("far lane", 0.62, -1, Set.of(ObjectKind.CAR, ObjectKind.TRUCK, ObjectKind.BIKE));
  static final Lane NEAR_LANE =
      new Lane("near lane", 0.79, 1, Set.of(ObjectKind.CAR, ObjectKind.TRUCK, ObjectKind.BIKE));
  static final Lane NEAR_SIDEWALK =
      new Lane("near sidewalk", 0.96, 0, Set.of(ObjectKind.PERSON, ObjectKind.BIKE));

  /** In a fixed order: spawning picks by index, so the order is part of the scene. */
  static final List<Lane> LANES = List.of(FAR_SIDEWALK, FAR_LANE, NEAR_LANE, NEAR_SIDEWALK);

  private StreetLayout() {}

  /**
   * Perspective scale of an object standing at {@code baseline} (fraction of the frame height): 1
   * at the bottom edge, shrinking linearly to 0.35 at the facades.
   */
  static double scaleAt(double baseline) {
    double t = (baseline - FACADE_BOTTOM) / (1 - FACADE_BOTTOM);
    return 0.35 + 0.65 * Math.max(0, Math.min(1, t));
  }

  /** The lanes a kind may use, in {@link #LANES} order. */
  static List<Lane> lanesFor(ObjectKind kind) {
    return LANES.stream().filter(l -> l.kinds().contains(kind)).toList();
  }
}
