package dev.streamdycoke.cli.cameras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.simulator.scene.BoundingBox;
import dev.streamdycoke.simulator.scene.GroundTruth;
import dev.streamdycoke.simulator.scene.Motion;
import dev.streamdycoke.simulator.scene.ObjectColour;
import dev.streamdycoke.simulator.scene.ObjectKind;
import dev.streamdycoke.simulator.scene.SceneConfig;
import dev.streamdycoke.simulator.scene.Side;
import dev.streamdycoke.simulator.scene.VisibleObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class SceneTruthsTest {
  @Test
  void aRecordingCameraKeepsEachFramesTruthUnderItsSeqForTheLastFrames() throws Exception {
    SceneTruths truths = new SceneTruths(3);
    SimulatedCamera camera = new SimulatedCamera(SceneConfig.defaults(5));
    SimulatedCamera twin = new SimulatedCamera(SceneConfig.defaults(5));
    try (FrameSource source = truths.recording("cam-1", camera)) {
      for (int i = 0; i < 5; i++) {
        long seq = source.next().orElseThrow().seq();
        twin.next();
        assertEquals(twin.groundTruth(), truths.at("cam-1", seq), "frame " + seq);
      }
    }
    assertTrue(truths.at("cam-1", 1).isEmpty(), "only the last 3 frames are kept");
    assertTrue(truths.at("cam-1", 2).isPresent());
    assertTrue(truths.at("cam-2", 4).isEmpty(), "an unknown camera has none");
  }

  @Test
  void describesASceneInTheQuestionsWords() {
    VisibleObject car = object(ObjectKind.CAR, ObjectColour.RED, 1.0, Motion.MOVING);
    VisibleObject person = object(ObjectKind.PERSON, ObjectColour.GREEN, 1.0, Motion.STOPPED);
    VisibleObject edge = object(ObjectKind.TRUCK, ObjectColour.WHITE, 0.1, Motion.MOVING);
    assertEquals(
        "red car, green person (stopped) + 1 partly in view",
        SceneTruths.describe(new GroundTruth(0, 0, List.of(car, person, edge), List.of())));
    assertEquals("empty street", SceneTruths.describe(new GroundTruth(0, 0, List.of(), List.of())));
  }

  private static VisibleObject object(
      ObjectKind kind, ObjectColour colour, double visible, Motion motion) {
    return new VisibleObject(
        1, kind, colour, new BoundingBox(0, 0, 10, 10), visible, motion, Side.LEFT, Side.RIGHT);
  }
}
