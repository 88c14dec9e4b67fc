package dev.streamdycoke.simulator.qa;

import dev.streamdycoke.simulator.scene.VisibleObject;

/**
 * When an object counts as "there" for a question, applied the same way by every template.
 *
 * <p>An object is <em>seen</em> when at least {@value #SEEN_FRACTION} of its box shows (inside the
 * frame and not covered); it is <em>present</em> when any of it shows. Objects that are present but
 * not seen (a sliver at the edge, mostly hidden behind a truck) are <em>partial</em>: a viewer
 * could fairly answer either way about them, so a question whose answer would change if a partial
 * object were counted is not asked at all.
 */
public final class Visibility {
  /** Share of an object's box that must show for it to count as there. */
  public static final double SEEN_FRACTION = 0.5;

  private Visibility() {}

  /** At least {@link #SEEN_FRACTION} of it shows. */
  public static boolean isSeen(VisibleObject o) {
    return o.visibleFraction() >= SEEN_FRACTION;
  }

  /** Some of it shows. */
  public static boolean isPresent(VisibleObject o) {
    return o.visibleFraction() > 0;
  }

  /** Some, but less than {@link #SEEN_FRACTION}, of it shows. */
  public static boolean isPartial(VisibleObject o) {
    return isPresent(o) && !isSeen(o);
  }
}
