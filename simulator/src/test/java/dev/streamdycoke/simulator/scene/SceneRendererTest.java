package dev.streamdycoke.simulator.scene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.model.vision.RgbImage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SceneRendererTest {

  /** Clean frames: a pixel differs from the background only where something was drawn. */
  private static final SceneConfig CLEAN =
      SceneConfig.builder(99).noiseSigma(0).spawnRatePerSecond(1.5).maxObjects(8).build();

  /**
   * "Is anything stopped?" must be answerable from one frame, as on a real street: a halted object
   * is drawn differently from the same object moving (lit brake lamps, legs together).
   */
  @Test
  void aHaltedObjectLooksDifferentFromTheSameObjectMoving() {
    SceneRenderer renderer = new SceneRenderer(CLEAN);
    for (ObjectKind kind : ObjectKind.values()) {
      double h = 60;
      SceneObject moving =
          new SceneObject(
              1,
              kind,
              ObjectColour.RED,
              150,
              200,
              h * kind.aspect(),
              h,
              30,
              0,
              Side.LEFT,
              Side.RIGHT,
              Motion.MOVING);
      SceneObject halted =
          new SceneObject(
              1,
              kind,
              ObjectColour.RED,
              150,
              200,
              h * kind.aspect(),
              h,
              0,
              0,
              Side.LEFT,
              Side.RIGHT,
              Motion.STOPPED);
      byte[] a = renderer.render(List.of(moving), 0).rgb();
      byte[] b = renderer.render(List.of(halted), 0).rgb();
      long differing = 0;
      for (int p = 0; p < a.length; p += 3) {
        if (rgbAt(a, p) != rgbAt(b, p)) {
          differing++;
        }
      }
      assertTrue(differing >= 0.005 * moving.box().area(), kind + ": " + differing + " pixels");
    }
  }

  @Test
  void eachObjectIsDrawnInsideItsBoxInItsColour() {
    SceneSimulator simulator = new SceneSimulator(CLEAN);
    SceneRenderer renderer = new SceneRenderer(CLEAN);
    byte[] background = renderer.background().rgb();
    Map<ObjectKind, Integer> checked = new EnumMap<>(ObjectKind.class);
    for (int i = 0; i < 1200 && !eachAtLeast(checked, 3); i++) {
      SceneFrame frame = simulator.next();
      if (i % 15 != 0) {
        continue;
      }
      for (SceneObject o : frame.drawOrder()) {
        BoundingBox box = o.box().clip(CLEAN.width(), CLEAN.height());
        if (box.area() < o.box().area()) {
          continue; // only whole objects: a sliver at the edge may show no paint
        }
        byte[] alone = renderer.render(List.of(o), frame.frameIndex()).rgb();
        long changed = 0;
        long painted = 0;
        for (int y = 0; y < CLEAN.height(); y++) {
          for (int x = 0; x < CLEAN.width(); x++) {
            int p = 3 * (y * CLEAN.width() + x);
            boolean differs =
                alone[p] != background[p]
                    || alone[p + 1] != background[p + 1]
                    || alone[p + 2] != background[p + 2];
            if (differs) {
              assertTrue(box.contains(x, y), () -> "drawn outside its box: " + o);
              changed++;
            }
            if (box.contains(x, y) && rgbAt(alone, p) == o.colour().rgb()) {
              painted++;
            }
          }
        }
        double minCover = o.kind() == ObjectKind.BIKE ? 0.15 : 0.4;
        double minPaint = o.kind() == ObjectKind.BIKE ? 0.05 : 0.25;
        assertTrue(changed >= minCover * box.area(), o + " covers " + changed);
        assertTrue(painted >= minPaint * box.area(), o + " painted " + painted);
        checked.merge(o.kind(), 1, Integer::sum);
      }
    }
    assertTrue(eachAtLeast(checked, 3), "every kind checked: " + checked);
  }

  private static boolean eachAtLeast(Map<ObjectKind, Integer> counts, int n) {
    return Arrays.stream(ObjectKind.values()).allMatch(k -> counts.getOrDefault(k, 0) >= n);
  }

  @Test
  void visibleObjectsShowUpInTheFullFrame() {
    SceneSimulator simulator = new SceneSimulator(CLEAN);
    SceneRenderer renderer = new SceneRenderer(CLEAN);
    int checked = 0;
    for (int i = 0; i < 400; i++) {
      SceneFrame frame = simulator.next();
      if (i % 20 != 0) {
        continue;
      }
      RgbImage full = renderer.render(frame);
      RgbImage empty = renderer.render(List.of(), frame.frameIndex());
      for (VisibleObject o : frame.groundTruth().objects()) {
        if (o.visibleFraction() < 0.5) {
          continue;
        }
        long differing = 0;
        BoundingBox b = o.box();
        for (int y = b.y0(); y < b.y1(); y++) {
          for (int x = b.x0(); x < b.x1(); x++) {
            int p = 3 * (y * CLEAN.width() + x);
            if (rgbAt(full.rgb(), p) != rgbAt(empty.rgb(), p)) {
              differing++;
            }
          }
        }
        assertTrue(differing >= 0.1 * b.area(), "frame " + i + ": " + o + " shows " + differing);
        checked++;
      }
      // Outside every box the street is untouched.
      boolean[] inAnyBox = new boolean[CLEAN.width() * CLEAN.height()];
      for (VisibleObject o : frame.groundTruth().objects()) {
        for (int y = o.box().y0(); y < o.box().y1(); y++) {
          Arrays.fill(
              inAnyBox, y * CLEAN.width() + o.box().x0(), y * CLEAN.width() + o.box().x1(), true);
        }
      }
      for (int y = 0; y < CLEAN.height(); y++) {
        for (int x = 0; x < CLEAN.width(); x++) {
          int p = 3 * (y * CLEAN.width() + x);
          if (!inAnyBox[y * CLEAN.width() + x]) {
            assertEquals(rgbAt(empty.rgb(), p), rgbAt(full.rgb(), p), "pixel " + x + "," + y);
          }
        }
      }
    }
    assertTrue(checked > 10, "checked " + checked);
  }

  @Test
  void rendersQuicklyAtAnySize() {
    SceneConfig config = SceneConfig.builder(5).spawnRatePerSecond(2).maxObjects(8).build();
    SceneVideo video = new SceneVideo(config);
    for (int i = 0; i < 100; i++) {
      video.next(); // warm up, and fill the street
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int frames = 100;
    long start = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < frames; i++) {
      video.next();
    }
    double msPerFrame = (threads.getCurrentThreadCpuTime() - start) / 1e6 / frames;
    System.out.printf(
        "scene: %.2f ms CPU per %dx%d frame (simulate + render)%n",
        msPerFrame, config.width(), config.height());
    // Generous bound (shared CI cores, no JIT warm-up to speak of); typically about 1 ms.
    assertTrue(msPerFrame < 15, msPerFrame + " ms per frame");

    SceneVideo large = new SceneVideo(config.toBuilder().size(640, 480).build());
    RgbImage image = large.next().image();
    assertEquals(640, image.width());
    assertEquals(480, image.height());
  }

  private static int rgbAt(byte[] rgb, int p) {
    return ((rgb[p] & 0xff) << 16) | ((rgb[p + 1] & 0xff) << 8) | (rgb[p + 2] & 0xff);
  }
}
