package dev.streamdycoke.simulator.scene;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SceneDeterminismTest {

  private static final int FRAMES = 150;

  @Test
  void sameSeedGivesIdenticalFramesAndGroundTruth() {
    SceneConfig config = SceneConfig.builder(42).spawnRatePerSecond(1.5).build();
    SceneVideo a = new SceneVideo(config);
    SceneVideo b = new SceneVideo(SceneConfig.builder(42).spawnRatePerSecond(1.5).build());
    int withObjects = 0;
    for (int i = 0; i < FRAMES; i++) {
      SceneVideo.LabelledFrame fa = a.next();
      SceneVideo.LabelledFrame fb = b.next();
      assertArrayEquals(fa.image().rgb(), fb.image().rgb(), "frame " + i);
      assertEquals(fa.scene(), fb.scene(), "frame " + i);
      withObjects += fa.groundTruth().objects().isEmpty() ? 0 : 1;
    }
    // Determinism of an empty street would prove little.
    assertNotEquals(0, withObjects);
  }

  @Test
  void differentSeedsGiveDifferentStreetsAndTraffic() {
    SceneVideo a = new SceneVideo(SceneConfig.builder(1).spawnRatePerSecond(1.5).build());
    SceneVideo b = new SceneVideo(SceneConfig.builder(2).spawnRatePerSecond(1.5).build());
    assertFalse(Arrays.equals(a.renderer().background().rgb(), b.renderer().background().rgb()));
    List<SceneEvent> eventsA = new ArrayList<>();
    List<SceneEvent> eventsB = new ArrayList<>();
    for (int i = 0; i < FRAMES; i++) {
      eventsA.addAll(a.next().groundTruth().events());
      eventsB.addAll(b.next().groundTruth().events());
    }
    assertFalse(eventsA.isEmpty());
    assertNotEquals(eventsA, eventsB);
  }

  @Test
  void aFrameRendersTheSameWhicheverFramesCameBefore() {
    SceneConfig config = SceneConfig.builder(7).spawnRatePerSecond(1.5).build();
    SceneSimulator simulator = new SceneSimulator(config);
    SceneRenderer sequential = new SceneRenderer(config);
    SceneFrame frame = null;
    byte[] rendered = null;
    for (int i = 0; i < 60; i++) {
      frame = simulator.next();
      rendered = sequential.render(frame).rgb();
    }
    // Noise depends only on the seed and the frame index, not on a generator's history.
    assertArrayEquals(rendered, new SceneRenderer(config).render(frame).rgb());
  }

  @Test
  void sensorNoiseChangesFromFrameToFrame() {
    SceneRenderer renderer = new SceneRenderer(SceneConfig.builder(3).noiseSigma(2).build());
    byte[] clean = renderer.background().rgb();
    byte[] frame0 = renderer.render(List.of(), 0).rgb();
    byte[] frame1 = renderer.render(List.of(), 1).rgb();
    assertFalse(Arrays.equals(frame0, frame1));
    double sumSq = 0;
    for (int i = 0; i < clean.length; i++) {
      double d = (frame0[i] & 0xff) - (clean[i] & 0xff);
      sumSq += d * d;
    }
    double sigma = Math.sqrt(sumSq / clean.length);
    assertEquals(2.0, sigma, 0.3, "measured noise sigma");
  }
}
