package dev.streamdycoke.simulator.qa;

import dev.streamdycoke.simulator.scene.EventType;
import dev.streamdycoke.simulator.scene.GroundTruth;
import dev.streamdycoke.simulator.scene.Motion;
import dev.streamdycoke.simulator.scene.ObjectColour;
import dev.streamdycoke.simulator.scene.ObjectKind;
import dev.streamdycoke.simulator.scene.SceneEvent;
import dev.streamdycoke.simulator.scene.Side;
import dev.streamdycoke.simulator.scene.VisibleObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Hand-built ground truth from object lifetimes: an object shows 30 % in the frame it enters
 * (partial) and all of itself after, until the frame it leaves, which has its LEFT event.
 */
final class Timeline {
  /** One object: in view for frames {@code enter <= f < leave}; leave -1 for never. */
  record Life(
      int id, ObjectKind kind, ObjectColour colour, int enter, Side from, int leave, Side to) {}

  private final List<Life> lives = new ArrayList<>();
  private final List<SceneEvent> extra = new ArrayList<>();
  private final List<int[]> stops = new ArrayList<>();

  Timeline object(
      int id, ObjectKind kind, ObjectColour colour, int enter, Side from, int leave, Side to) {
    lives.add(new Life(id, kind, colour, enter, from, leave, to));
    return this;
  }

  /** Object {@code id} is stopped for frames {@code from <= f < until}, with the events. */
  Timeline stopped(int id, int from, int until) {
    stops.add(new int[] {id, from, until});
    return this;
  }

  /** Frames 0 .. {@code last}. */
  List<GroundTruth> frames(int last) {
    List<GroundTruth> out = new ArrayList<>();
    for (int f = 0; f <= last; f++) {
      List<VisibleObject> objects = new ArrayList<>();
      List<SceneEvent> events = new ArrayList<>();
      for (Life l : lives) {
        if (l.enter() == f) {
          events.add(Frames.event(EventType.ENTERED, f, l.id(), l.kind(), l.colour(), l.from()));
        }
        if (l.leave() == f) {
          events.add(Frames.event(EventType.LEFT, f, l.id(), l.kind(), l.colour(), l.to()));
        }
        if (l.enter() <= f && (l.leave() < 0 || f < l.leave())) {
          objects.add(
              Frames.obj(
                  l.id(), l.kind(), l.colour(), f == l.enter() ? 0.3 : 1.0, motion(l, f, events)));
        }
      }
      events.sort(Comparator.comparingInt(SceneEvent::objectId).thenComparing(SceneEvent::type));
      out.add(Frames.frame(f, objects, events));
    }
    return out;
  }

  private Motion motion(Life l, int f, List<SceneEvent> events) {
    for (int[] s : stops) {
      if (s[0] == l.id()) {
        if (f == s[1]) {
          events.add(Frames.event(EventType.STOPPED, f, l.id(), l.kind(), l.colour(), null));
        }
        if (f == s[2]) {
          events.add(Frames.event(EventType.RESUMED, f, l.id(), l.kind(), l.colour(), null));
        }
        if (f >= s[1] && f < s[2]) {
          return Motion.STOPPED;
        }
      }
    }
    return Motion.MOVING;
  }

  /** A 1 fps history (recent window: 5 frames) of frames 0 .. {@code last}. */
  SceneHistory history(int last) {
    SceneHistory h = new SceneHistory(1);
    frames(last).forEach(h::add);
    return h;
  }
}
