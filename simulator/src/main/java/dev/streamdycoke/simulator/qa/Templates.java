package dev.streamdycoke.simulator.qa;

import dev.streamdycoke.simulator.scene.ObjectKind;
import dev.streamdycoke.simulator.scene.SceneEvent;
import java.util.List;
import java.util.Optional;

/** Helpers the template families share. */
final class Templates {
  private Templates() {}

  /**
   * The kind of {@code events} (all from one frame) when they agree on one; empty when there are
   * none or they differ, since "what entered first" then has no single answer.
   */
  static Optional<ObjectKind> singleKind(List<SceneEvent> events) {
    if (events.isEmpty()) {
      return Optional.empty();
    }
    ObjectKind kind = events.get(0).kind();
    return events.stream().allMatch(e -> e.kind() == kind) ? Optional.of(kind) : Optional.empty();
  }
}
