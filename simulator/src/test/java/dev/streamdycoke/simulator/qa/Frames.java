package dev.streamdycoke.simulator.qa;

import dev.streamdycoke.simulator.scene.BoundingBox;
import dev.streamdycoke.simulator.scene.EventType;
import dev.streamdycoke.simulator.scene.GroundTruth;
import dev.streamdycoke.simulator.scene.Motion;
import dev.streamdycoke.simulator.scene.ObjectColour;
import dev.streamdycoke.simulator.scene.ObjectKind;
import dev.streamdycoke.simulator.scene.SceneConfig;
import dev.streamdycoke.simulator.scene.SceneEvent;
import dev.streamdycoke.simulator.scene.SceneSimulator;
import dev.streamdycoke.simulator.scene.Side;
import dev.streamdycoke.simulator.scene.VisibleObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Hand-built ground truth, simulated streams, and asking a template with many seeds. */
final class Frames {
  private static final Map<Long, List<GroundTruth>> STREAMS = new HashMap<>();

  private Frames() {}

  static VisibleObject obj(int id, ObjectKind kind, ObjectColour colour, double fraction) {
    return obj(id, kind, colour, fraction, Motion.MOVING);
  }

  static VisibleObject obj(
      int id, ObjectKind kind, ObjectColour colour, double fraction, Motion motion) {
    return new VisibleObject(
        id, kind, colour, new BoundingBox(0, 0, 10, 10), fraction, motion, Side.LEFT, Side.RIGHT);
  }

  static SceneEvent event(
      EventType type, long frame, int id, ObjectKind kind, ObjectColour colour, Side side) {
    return new SceneEvent(type, frame, frame, id, kind, colour, side);
  }

  static GroundTruth frame(long index, List<VisibleObject> objects, List<SceneEvent> events) {
    return new GroundTruth(index, index, objects, events);
  }

  /** A one-frame history at 1 fps (a recent window of 5 frames). */
  static SceneHistory historyOf(GroundTruth... frames) {
    SceneHistory h = new SceneHistory(1);
    for (GroundTruth f : frames) {
      h.add(f);
    }
    return h;
  }

  /**
   * Every question {@code templateId} asks at the history's latest frame, with its answer, over
   * many generators that do not balance: what it may ask and what it says.
   */
  static Map<String, String> asked(SceneHistory h, String templateId) {
    QuestionTemplate template = QuestionTemplates.byId(templateId);
    Map<String, String> out = new TreeMap<>();
    for (long seed = 0; seed < 300; seed++) {
      new QuestionGenerator(seed, AnswerBalancer.none())
          .ask(h, template)
          .ifPresent(
              q -> {
                String previous = out.put(q.question(), q.answer());
                if (previous != null && !previous.equals(q.answer())) {
                  throw new AssertionError(
                      q.question() + " answered " + previous + " and " + q.answer());
                }
              });
    }
    return out;
  }

  /** The scene the property tests use: small frames (fast), busier than the default. */
  static SceneConfig scene(long seed) {
    return SceneConfig.builder(seed).size(128, 96).spawnRatePerSecond(0.8).build();
  }

  /** The first {@code frames} ground truths of {@link #scene(long)}, cached per seed. */
  static synchronized List<GroundTruth> stream(long seed, int frames) {
    List<GroundTruth> cached = STREAMS.get(seed);
    if (cached == null || cached.size() < frames) {
      SceneSimulator world = new SceneSimulator(scene(seed));
      cached = new ArrayList<>(frames);
      for (int i = 0; i < frames; i++) {
        cached.add(world.next().groundTruth());
      }
      STREAMS.put(seed, List.copyOf(cached));
    }
    return cached.subList(0, frames);
  }
}
