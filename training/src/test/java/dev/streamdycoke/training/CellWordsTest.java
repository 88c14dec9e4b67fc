package dev.streamdycoke.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamdycoke.simulator.scene.BoundingBox;
import dev.streamdycoke.simulator.scene.GroundTruth;
import dev.streamdycoke.simulator.scene.Motion;
import dev.streamdycoke.simulator.scene.ObjectColour;
import dev.streamdycoke.simulator.scene.ObjectKind;
import dev.streamdycoke.simulator.scene.Side;
import dev.streamdycoke.simulator.scene.VisibleObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The words taught at each visual position follow from the ground truth. */
class CellWordsTest {
  // An 8 x 8 grid of 20 px cells over a 160 x 160 frame.
  private static final VisibleObject RED_CAR =
      object(7, ObjectKind.CAR, ObjectColour.RED, new BoundingBox(80, 100, 120, 120));
  private static final VisibleObject BLUE_CAR =
      object(3, ObjectKind.CAR, ObjectColour.BLUE, new BoundingBox(0, 0, 40, 20));
  private static final VisibleObject PERSON =
      object(5, ObjectKind.PERSON, ObjectColour.GREEN, new BoundingBox(140, 40, 160, 80));

  @Test
  void backgroundSaysNoAndAnObjectsCellsSayItsKind() {
    List<List<String>> words = words(RED_CAR, BLUE_CAR, PERSON);
    assertEquals(List.of("no"), words.get(7 * 8 + 7));
    assertEquals(List.of("car"), words.get(5 * 8 + 4), "a car cell off its centre");
  }

  @Test
  void eachKindsCentresAreRankedInTokenOrderSoTheLastSaysTheCount() {
    List<List<String>> words = words(RED_CAR, BLUE_CAR, PERSON);
    // Box centres: blue car (20, 10) in cell (0, 1); person (150, 60) in (3, 7); red car
    // (100, 110) in (5, 5). Token order, not the order of the ground truth, ranks them.
    assertEquals(List.of("car", "1"), words.get(1));
    assertEquals(List.of("person", "1"), words.get(3 * 8 + 7));
    assertEquals(List.of("car", "2"), words.get(5 * 8 + 5));
  }

  @Test
  void anObjectTooHiddenToCountIsNotRanked() {
    VisibleObject hidden =
        new VisibleObject(
            9,
            ObjectKind.CAR,
            ObjectColour.WHITE,
            new BoundingBox(0, 0, 40, 20),
            0.1,
            Motion.MOVING,
            Side.LEFT,
            Side.RIGHT);
    List<List<String>> words = words(RED_CAR, hidden);
    assertEquals(List.of("car", "1"), words.get(5 * 8 + 5));
    assertEquals(List.of("car"), words.get(1));
  }

  private static List<List<String>> words(VisibleObject... objects) {
    return CellWords.of(new GroundTruth(0, 0, List.of(objects), List.of()), 160, 160, 8);
  }

  private static VisibleObject object(
      int id, ObjectKind kind, ObjectColour colour, BoundingBox box) {
    return new VisibleObject(id, kind, colour, box, 1.0, Motion.MOVING, Side.LEFT, Side.RIGHT);
  }
}
