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

/** Cell labels follow from the ground truth's boxes, nearer objects over farther ones. */
class CellLabelsTest {
  @Test
  void cellsTakeTheNearestCoveringObjectElseBackground() {
    // A 140 x 140 frame on a 14 x 14 grid: cell (r, c) has its centre at (10c + 5, 10r + 5).
    VisibleObject far =
        object(1, ObjectKind.TRUCK, ObjectColour.RED, new BoundingBox(0, 0, 60, 50));
    VisibleObject near =
        object(2, ObjectKind.CAR, ObjectColour.BLUE, new BoundingBox(40, 20, 80, 60));
    GroundTruth truth = new GroundTruth(0, 0, List.of(near, far), List.of());
    int[] cells = CellLabels.of(truth, 140, 140, 14);
    int truck = CellLabels.classOf(ObjectKind.TRUCK, ObjectColour.RED);
    int car = CellLabels.classOf(ObjectKind.CAR, ObjectColour.BLUE);
    assertEquals(truck, cells[0]);
    assertEquals(car, cells[2 * 14 + 4], "the car's box reaches lower: it is in front");
    assertEquals(car, cells[5 * 14 + 7]);
    assertEquals(0, cells[13 * 14 + 13]);
  }

  @Test
  void anObjectNarrowerThanACellIsLabelledWhereItStands() {
    // 8 x 8 grid of 20 px cells: a 6 px wide pedestrian between two cell centres (10 and 30).
    VisibleObject person =
        object(1, ObjectKind.PERSON, ObjectColour.GREEN, new BoundingBox(14, 40, 20, 75));
    int[] cells = CellLabels.of(new GroundTruth(0, 0, List.of(person), List.of()), 160, 160, 8);
    int green = CellLabels.classOf(ObjectKind.PERSON, ObjectColour.GREEN);
    assertEquals(green, cells[2 * 8], "most of the person stands in cell (2, 0)");
    assertEquals(green, cells[3 * 8], "and more than a quarter of it in cell (3, 0)");
    assertEquals(0, cells[8], "none of it in cell (1, 0)");
    assertEquals(0, cells[2 * 8 + 1], "none of it in cell (2, 1)");
  }

  @Test
  void aSliverOfALargeObjectDoesNotClaimTheCell() {
    // A truck whose box reaches 2 px into the next column of 20 px cells.
    VisibleObject truck =
        object(1, ObjectKind.TRUCK, ObjectColour.WHITE, new BoundingBox(0, 0, 42, 40));
    int[] cells = CellLabels.of(new GroundTruth(0, 0, List.of(truck), List.of()), 160, 160, 8);
    assertEquals(CellLabels.classOf(ObjectKind.TRUCK, ObjectColour.WHITE), cells[1]);
    assertEquals(0, cells[2], "2 px of 20 is a tenth of the cell and of the truck");
  }

  @Test
  void stoppedMarksTheCellHoldingAHaltedObjectsCueAndNoOther() {
    // 8 x 8 grid of 20 px cells. Two halted cars spanning two cells each, one heading right (rear
    // lamp at its left end), one heading left (lamp at its right end); a moving car marks nothing.
    VisibleObject right =
        new VisibleObject(
            1,
            ObjectKind.CAR,
            ObjectColour.RED,
            new BoundingBox(0, 0, 40, 20),
            1.0,
            Motion.STOPPED,
            Side.LEFT,
            Side.RIGHT);
    VisibleObject left =
        new VisibleObject(
            2,
            ObjectKind.CAR,
            ObjectColour.RED,
            new BoundingBox(80, 40, 120, 60),
            1.0,
            Motion.STOPPED,
            Side.RIGHT,
            Side.LEFT);
    VisibleObject moving =
        object(3, ObjectKind.CAR, ObjectColour.BLUE, new BoundingBox(80, 100, 120, 120));
    GroundTruth truth = new GroundTruth(0, 0, List.of(right, left, moving), List.of());
    boolean[] stopped = CellLabels.stopped(truth, 160, 160, 8);
    java.util.Set<Integer> marked = new java.util.TreeSet<>();
    for (int i = 0; i < stopped.length; i++) {
      if (stopped[i]) {
        marked.add(i);
      }
    }
    assertEquals(java.util.Set.of(0, 2 * 8 + 5), marked);
  }

  @Test
  void classesAreDistinctAndCodesFixedBySeed() {
    assertEquals(1 + 4 * 6, CellLabels.CLASSES);
    assertEquals(CellLabels.CLASSES - 1, CellLabels.classOf(ObjectKind.BIKE, ObjectColour.BLACK));
    float[][] a = CellLabels.codes(8, 3);
    float[][] b = CellLabels.codes(8, 3);
    assertEquals(CellLabels.CLASSES, a.length);
    for (int i = 0; i < a.length; i++) {
      assertEquals(java.util.Arrays.toString(a[i]), java.util.Arrays.toString(b[i]));
    }
  }

  private static VisibleObject object(
      int id, ObjectKind kind, ObjectColour colour, BoundingBox box) {
    return new VisibleObject(id, kind, colour, box, 1.0, Motion.MOVING, Side.LEFT, Side.RIGHT);
  }
}
