package dev.streamdycoke.simulator.scene;

import java.util.List;

/**
 * What is true of one frame: the objects in view and the events of this frame.
 *
 * <p>Questions about "now" read {@link #objects()}; questions about the recent past or the whole
 * stream fold the {@link #events()} of earlier frames.
 *
 * @param frameIndex 0-based frame number
 * @param timeSeconds scene time of the frame, {@code frameIndex / fps}
 * @param objects every object with some part inside the frame, ordered by id (including fully
 *     occluded ones, with visibleFraction 0)
 * @param events what happened in this frame, ordered by object id then type
 */
public record GroundTruth(
    long frameIndex, double timeSeconds, List<VisibleObject> objects, List<SceneEvent> events) {

  public GroundTruth {
    objects = List.copyOf(objects);
    events = List.copyOf(events);
  }

  /** Objects of {@code kind} showing at least {@code minVisibleFraction} of themselves. */
  public long count(ObjectKind kind, double minVisibleFraction) {
    return objects.stream()
        .filter(o -> o.kind() == kind && o.visibleFraction() >= minVisibleFraction)
        .count();
  }

  /** Objects of {@code kind} and {@code colour} showing at least {@code minVisibleFraction}. */
  public long count(ObjectKind kind, ObjectColour colour, double minVisibleFraction) {
    return objects.stream()
        .filter(
            o ->
                o.kind() == kind
                    && o.colour() == colour
                    && o.visibleFraction() >= minVisibleFraction)
        .count();
  }

  /** This frame's events of one type. */
  public List<SceneEvent> events(EventType type) {
    return events.stream().filter(e -> e.type() == type).toList();
  }
}
