package dev.streamdycoke.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.streamdycoke.simulator.scene.BoundingBox;
import dev.streamdycoke.simulator.scene.GroundTruth;
import dev.streamdycoke.simulator.scene.Motion;
import dev.streamdycoke.simulator.scene.ObjectColour;
import dev.streamdycoke.simulator.scene.ObjectKind;
import dev.streamdycoke.simulator.scene.Side;
import dev.streamdycoke.simulator.scene.VisibleObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Frame counts are what "how many" questions count, and the codes read back as those counts. */
class FrameCountsTest {
  @Test
  void countsSeenObjectsPerKindCappedAtMany() {
    List<VisibleObject> objects = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      objects.add(object(i, ObjectKind.PERSON, 1.0));
    }
    objects.add(object(10, ObjectKind.CAR, 1.0));
    objects.add(object(11, ObjectKind.CAR, 0.05));
    int[] counts = FrameCounts.of(new GroundTruth(0, 0, objects, List.of()));
    int[] expected = new int[ObjectKind.values().length];
    expected[ObjectKind.PERSON.ordinal()] = FrameCounts.MANY;
    expected[ObjectKind.CAR.ordinal()] = 1;
    assertArrayEquals(expected, counts, "a car mostly hidden is not counted, as questions do");
  }

  @Test
  void aTokenBuiltFromTheCodesReadsBackItsCounts() {
    float[][][] codes = FrameCounts.codes(128, 7);
    int[] counts = {2, 0, 1, FrameCounts.MANY};
    float[] token = new float[128];
    FrameCounts.addCodes(token, new int[][] {counts}, codes, 1);
    assertArrayEquals(counts, FrameCounts.read(token, codes));
    assertArrayEquals(
        new long[] {3, 3},
        FrameCounts.tally(token, new int[][] {counts}, codes, 1),
        "three kinds present, all read");
    assertArrayEquals(codes[2][1], FrameCounts.codes(128, 7)[2][1], 0f, "fixed by the seed");
  }

  private static VisibleObject object(int id, ObjectKind kind, double visible) {
    return new VisibleObject(
        id,
        kind,
        ObjectColour.RED,
        new BoundingBox(10 * id, 0, 10 * id + 8, 20),
        visible,
        Motion.MOVING,
        Side.LEFT,
        Side.RIGHT);
  }
}
