package dev.streamdycoke.simulator.qa;

import dev.streamdycoke.simulator.scene.EventType;
import dev.streamdycoke.simulator.scene.GroundTruth;
import dev.streamdycoke.simulator.scene.Motion;
import dev.streamdycoke.simulator.scene.ObjectColour;
import dev.streamdycoke.simulator.scene.ObjectKind;
import dev.streamdycoke.simulator.scene.SceneEvent;
import dev.streamdycoke.simulator.scene.VisibleObject;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A slow, direct reading of each template's definition over the raw list of ground truths (frame f
 * at index f, the question asked at the last one), written without {@link SceneHistory}. Empty
 * means the question must not be asked.
 */
final class ReferenceAnswers {
  private static final double SEEN = 0.5;

  private final List<GroundTruth> frames;
  private final long t;
  private final long window;

  ReferenceAnswers(List<GroundTruth> frames, double fps) {
    this.frames = frames;
    this.t = frames.size() - 1;
    this.window = Math.round(5 * fps);
  }

  Optional<String> answer(String templateId, ObjectKind k, ObjectColour c) {
    Predicate<VisibleObject> kind = o -> o.kind() == k;
    Predicate<VisibleObject> pair = o -> o.kind() == k && o.colour() == c;
    return switch (templateId) {
      case "now_count_kind" -> {
        List<VisibleObject> now = frames.get((int) t).objects();
        boolean partial = now.stream().anyMatch(o -> kind.test(o) && partial(o));
        long n = now.stream().filter(o -> kind.test(o) && o.visibleFraction() >= SEEN).count();
        yield partial || n > 9 ? Optional.empty() : Optional.of(Long.toString(n));
      }
      case "now_kind_present" -> presence(Stream.of(frames.get((int) t)), kind);
      case "now_colour_kind_present" -> presence(Stream.of(frames.get((int) t)), pair);
      case "now_kind_colour" -> {
        List<VisibleObject> showing =
            frames.get((int) t).objects().stream()
                .filter(o -> kind.test(o) && o.visibleFraction() > 0)
                .toList();
        yield showing.size() == 1 && showing.get(0).visibleFraction() >= SEEN
            ? Optional.of(showing.get(0).colour().label())
            : Optional.empty();
      }
      case "now_anything_stopped" ->
          presence(Stream.of(frames.get((int) t)), o -> o.motion() == Motion.STOPPED);
      case "recent_kind_entered" ->
          Optional.of(
              yesNo(
                  events(window()).anyMatch(e -> e.type() == EventType.ENTERED && e.kind() == k)));
      case "recent_last_entered" -> {
        GroundTruth latest = null;
        for (GroundTruth f : frames) {
          if (!f.events(EventType.ENTERED).isEmpty()) {
            latest = f;
          }
        }
        yield latest == null || t - latest.frameIndex() >= window
            ? Optional.empty()
            : oneKind(latest.events(EventType.ENTERED));
      }
      case "recent_count_left" -> {
        long n = events(window()).filter(e -> e.type() == EventType.LEFT).count();
        yield n > 9 ? Optional.empty() : Optional.of(Long.toString(n));
      }
      case "recent_anything_stopped" ->
          Optional.of(yesNo(events(window()).anyMatch(e -> e.type() == EventType.STOPPED)));
      case "recent_kind_seen" -> presence(window(), kind);
      case "memory_first_entered" ->
          frames.stream()
              .map(f -> f.events(EventType.ENTERED))
              .filter(e -> !e.isEmpty())
              .findFirst()
              .flatMap(ReferenceAnswers::oneKind);
      case "memory_kind_appeared" -> presence(frames.stream(), kind);
      case "memory_colour_kind_appeared" -> presence(frames.stream(), pair);
      case "memory_exit_side" -> {
        List<SceneEvent> entered =
            events(frames.stream())
                .filter(e -> e.type() == EventType.ENTERED && e.kind() == k && e.colour() == c)
                .toList();
        yield entered.size() != 1
            ? Optional.empty()
            : events(frames.stream())
                .filter(
                    e -> e.type() == EventType.LEFT && e.objectId() == entered.get(0).objectId())
                .findFirst()
                .map(e -> e.side().label());
      }
      case "memory_first_left" ->
          frames.stream()
              .map(f -> f.events(EventType.LEFT))
              .filter(e -> !e.isEmpty())
              .findFirst()
              .flatMap(ReferenceAnswers::oneKind);
      default -> throw new IllegalArgumentException("no reference for " + templateId);
    };
  }

  /** Yes if a matching object was seen in one of {@code range}; no if none even showed. */
  private static Optional<String> presence(
      Stream<GroundTruth> range, Predicate<VisibleObject> matches) {
    boolean seen = false;
    boolean showed = false;
    for (GroundTruth f : range.toList()) {
      for (VisibleObject o : f.objects()) {
        if (matches.test(o)) {
          seen |= o.visibleFraction() >= SEEN;
          showed |= o.visibleFraction() > 0;
        }
      }
    }
    return seen ? Optional.of("yes") : showed ? Optional.empty() : Optional.of("no");
  }

  private Stream<GroundTruth> window() {
    return frames.stream().filter(f -> t - f.frameIndex() < window);
  }

  private static Stream<SceneEvent> events(Stream<GroundTruth> range) {
    return range.flatMap(f -> f.events().stream());
  }

  private static Optional<String> oneKind(List<SceneEvent> events) {
    return events.stream().map(SceneEvent::kind).distinct().count() == 1
        ? Optional.of(events.get(0).kind().label())
        : Optional.empty();
  }

  private static boolean partial(VisibleObject o) {
    return o.visibleFraction() > 0 && o.visibleFraction() < SEEN;
  }

  private static String yesNo(boolean b) {
    return b ? "yes" : "no";
  }
}
