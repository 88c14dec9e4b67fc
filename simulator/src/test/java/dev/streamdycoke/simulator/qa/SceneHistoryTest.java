package dev.streamdycoke.simulator.qa;

import static dev.streamdycoke.simulator.scene.ObjectColour.RED;
import static dev.streamdycoke.simulator.scene.ObjectKind.CAR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.simulator.scene.EventType;
import dev.streamdycoke.simulator.scene.GroundTruth;
import dev.streamdycoke.simulator.scene.SceneConfig;
import dev.streamdycoke.simulator.scene.SceneSimulator;
import dev.streamdycoke.simulator.scene.Side;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SceneHistoryTest {

  @Test
  void theWindowIsFiveSecondsOfFramesIncludingNow() {
    SceneHistory h = new SceneHistory(10);
    assertEquals(50, h.windowFrames());
    h.add(
        Frames.frame(
            0, List.of(), List.of(Frames.event(EventType.ENTERED, 0, 1, CAR, RED, Side.LEFT))));
    for (int f = 1; f < 50; f++) {
      h.add(Frames.frame(f, List.of(), List.of()));
    }
    assertEquals(1, h.recentEvents().size(), "frame 0 is recent at frame 49");
    h.add(Frames.frame(50, List.of(), List.of()));
    assertTrue(h.recentEvents().isEmpty(), "frame 0 is not recent at frame 50");
    assertFalse(h.isRecent(0));
    assertTrue(h.isRecent(1));
  }

  @Test
  void framesMustBeConsecutive() {
    SceneHistory h = new SceneHistory(10);
    assertThrows(IllegalStateException.class, h::now);
    h.add(Frames.frame(5, List.of(), List.of()));
    assertThrows(
        IllegalArgumentException.class, () -> h.add(Frames.frame(7, List.of(), List.of())));
    assertThrows(
        IllegalArgumentException.class, () -> h.add(Frames.frame(5, List.of(), List.of())));
    h.add(Frames.frame(6, List.of(), List.of()));
    assertEquals(6, h.frameIndex());
  }

  @Test
  void exitOfOnlyRequiresOneEntryThatLeft() {
    SceneHistory h = new Timeline().object(1, CAR, RED, 0, Side.LEFT, 2, Side.RIGHT).history(2);
    assertEquals(Optional.of(Side.RIGHT), h.exitOfOnly(CAR, RED));
    assertEquals(1, h.entries(CAR, RED));
  }

  @Test
  void staysSmallOverALongStream() {
    SceneSimulator world =
        new SceneSimulator(SceneConfig.builder(3).size(96, 64).spawnRatePerSecond(1).build());
    SceneHistory h = new SceneHistory(world.config().fps());
    int most = 0;
    long events = 0;
    for (int f = 0; f < 20_000; f++) {
      GroundTruth gt = world.next().groundTruth();
      events += gt.events().size();
      h.add(gt);
      most = Math.max(most, h.retainedEvents());
    }
    assertTrue(events > 2_000, "a busy stream: " + events + " events");
    assertTrue(most < 100, "retained at most " + most + " events");
  }
}
