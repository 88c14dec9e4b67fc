package dev.streamdycoke.simulator.scene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs one busy scene for a while (simulation only, no rendering) and checks its bookkeeping. */
class GroundTruthConsistencyTest {

  private static final SceneConfig CONFIG =
      SceneConfig.builder(2024).spawnRatePerSecond(1.2).maxObjects(8).build();
  private static final int FRAMES = 3000;
  private static List<SceneFrame> frames;

  @BeforeAll
  static void simulate() {
    SceneSimulator simulator = new SceneSimulator(CONFIG);
    frames = new java.util.ArrayList<>();
    for (int i = 0; i < FRAMES; i++) {
      frames.add(simulator.next());
    }
  }

  @Test
  void visibleObjectsHaveNonEmptyBoxesInsideTheFrame() {
    for (SceneFrame f : frames) {
      GroundTruth gt = f.groundTruth();
      assertEquals(f.frameIndex(), gt.frameIndex());
      assertEquals(f.frameIndex() / CONFIG.fps(), gt.timeSeconds(), 1e-9);
      int previousId = -1;
      for (VisibleObject o : gt.objects()) {
        assertFalse(o.box().isEmpty(), () -> "empty box " + o);
        assertTrue(o.box().isInside(CONFIG.width(), CONFIG.height()), () -> "outside " + o);
        assertTrue(o.visibleFraction() >= 0 && o.visibleFraction() <= 1, () -> "fraction " + o);
        assertTrue(o.id() > previousId, "objects are ordered by id, without duplicates");
        previousId = o.id();
      }
      assertEquals(gt.objects().size(), f.drawOrder().size());
    }
  }

  @Test
  void countsMatchTheVisibleList() {
    for (SceneFrame f : frames) {
      GroundTruth gt = f.groundTruth();
      long total = 0;
      for (ObjectKind kind : ObjectKind.values()) {
        long byKind = gt.count(kind, 0);
        assertEquals(gt.objects().stream().filter(o -> o.kind() == kind).count(), byKind);
        long byColour = 0;
        for (ObjectColour colour : ObjectColour.values()) {
          byColour += gt.count(kind, colour, 0);
        }
        assertEquals(byKind, byColour);
        assertTrue(gt.count(kind, 0.5) <= byKind);
        total += byKind;
      }
      assertEquals(gt.objects().size(), total);
    }
  }

  @Test
  void everyObjectEntersOnceThenStaysInViewUntilItLeaves() {
    Map<Integer, SceneEvent> entered = new HashMap<>();
    Set<Integer> left = new HashSet<>();
    Map<Integer, VisibleObject> lastSeen = new HashMap<>();
    for (SceneFrame f : frames) {
      GroundTruth gt = f.groundTruth();
      Set<Integer> inView = new HashSet<>();
      gt.objects().forEach(o -> inView.add(o.id()));
      for (SceneEvent e : gt.events()) {
        assertEquals(f.frameIndex(), e.frameIndex());
        switch (e.type()) {
          case ENTERED -> {
            assertNull(entered.put(e.objectId(), e), "entered twice: " + e);
            assertTrue(inView.contains(e.objectId()), "entered but not in view: " + e);
            assertNotNull(e.side());
          }
          case LEFT -> {
            assertTrue(entered.containsKey(e.objectId()), "left before entering: " + e);
            assertTrue(left.add(e.objectId()), "left twice: " + e);
            assertFalse(inView.contains(e.objectId()), "left but still in view: " + e);
            // It leaves by the edge it was heading for.
            assertEquals(lastSeen.get(e.objectId()).heading(), e.side(), e.toString());
          }
          default -> assertTrue(inView.contains(e.objectId()), "event out of view: " + e);
        }
      }
      for (VisibleObject o : gt.objects()) {
        SceneEvent entry = entered.get(o.id());
        assertNotNull(entry, "in view without an ENTERED event: " + o);
        assertFalse(left.contains(o.id()), "in view after leaving: " + o);
        assertEquals(entry.side(), o.enteredFrom());
        assertEquals(entry.kind(), o.kind());
        assertEquals(entry.colour(), o.colour());
        lastSeen.put(o.id(), o);
      }
      for (Integer id : lastSeen.keySet()) {
        assertTrue(inView.contains(id) || left.contains(id), "vanished without LEFT: " + id);
      }
    }
    assertTrue(left.size() > 50, "a busy scene sees many objects come and go: " + left.size());
  }

  @Test
  void stopAndResumeEventsTrackTheReportedMotion() {
    Map<Integer, Motion> motion = new HashMap<>();
    int stops = 0;
    for (SceneFrame f : frames) {
      for (SceneEvent e : f.groundTruth().events()) {
        if (e.type() == EventType.ENTERED) {
          motion.put(e.objectId(), Motion.MOVING);
        } else if (e.type() == EventType.STOPPED) {
          assertEquals(Motion.MOVING, motion.put(e.objectId(), Motion.STOPPED), e.toString());
          assertNull(e.side());
          stops++;
        } else if (e.type() == EventType.RESUMED) {
          assertEquals(Motion.STOPPED, motion.put(e.objectId(), Motion.MOVING), e.toString());
        }
      }
      for (VisibleObject o : f.groundTruth().objects()) {
        assertEquals(motion.get(o.id()), o.motion(), () -> "frame " + f.frameIndex() + ": " + o);
      }
    }
    assertTrue(stops > 0, "objects sometimes stop");
  }

  @Test
  void theWorldShowsEveryKindSideAndOcclusion() {
    Set<ObjectKind> kinds = EnumSet.noneOf(ObjectKind.class);
    Set<ObjectColour> colours = EnumSet.noneOf(ObjectColour.class);
    Set<Side> entrySides = EnumSet.noneOf(Side.class);
    Set<Side> exitSides = EnumSet.noneOf(Side.class);
    boolean occluded = false;
    for (SceneFrame f : frames) {
      for (SceneEvent e : f.groundTruth().events()) {
        if (e.type() == EventType.ENTERED) {
          kinds.add(e.kind());
          colours.add(e.colour());
          entrySides.add(e.side());
        } else if (e.type() == EventType.LEFT) {
          exitSides.add(e.side());
        }
      }
      occluded |=
          f.groundTruth().objects().stream()
              .anyMatch(
                  o ->
                      o.box().isInside(CONFIG.width(), CONFIG.height())
                          && o.box().x0() > 0
                          && o.box().x1() < CONFIG.width()
                          && o.visibleFraction() < 0.9);
    }
    assertEquals(EnumSet.allOf(ObjectKind.class), kinds);
    assertEquals(EnumSet.allOf(ObjectColour.class), colours);
    assertEquals(EnumSet.of(Side.LEFT, Side.RIGHT, Side.BOTTOM), entrySides);
    assertEquals(EnumSet.of(Side.LEFT, Side.RIGHT), exitSides);
    assertTrue(occluded, "objects cross in front of each other");
  }

  @Test
  void vehiclesInALaneQueueInsteadOfOverlapping() {
    for (SceneFrame f : frames) {
      List<SceneObject> road =
          f.drawOrder().stream()
              .filter(
                  o ->
                      o.kind() != ObjectKind.PERSON
                          && o.y() < StreetLayout.ROAD_BOTTOM * CONFIG.height())
              .toList();
      for (SceneObject a : road) {
        for (SceneObject b : road) {
          if (a.id() < b.id() && a.y() == b.y()) {
            BoundingBox ba = a.box();
            BoundingBox bb = b.box();
            assertTrue(
                ba.x1() <= bb.x0() || bb.x1() <= ba.x0(),
                () -> "frame " + f.frameIndex() + ": " + a + " overlaps " + b);
          }
        }
      }
    }
  }

  @Test
  void maxObjectsBoundsTheCrowd() {
    for (SceneFrame f : frames) {
      assertTrue(f.drawOrder().size() <= CONFIG.maxObjects());
    }
  }
}
