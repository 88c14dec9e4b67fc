package dev.streamdycoke.operators.shed;

import static dev.streamdycoke.operators.shed.FairShedding.Verdict.KEEP;
import static dev.streamdycoke.operators.shed.FairShedding.Verdict.KEEP_STARVING;
import static dev.streamdycoke.operators.shed.FairShedding.Verdict.SHED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FairSheddingTest {
  private static final long BOUND = 1_000;

  @Test
  void aCameraWhoseFramesAllArriveJustPastTheBoundGetsOneThroughPerBound() {
    FairShedding shedding = new FairShedding(new FrameShedder(BOUND));
    int letThrough = 0;
    // 10 fps for 10 s, every frame 1.2 s old when judged: age alone would shed all 100.
    for (long now = 10_000; now < 20_000; now += 100) {
      FairShedding.Verdict verdict = shedding.judge("cam-late", now - 1_200, now);
      if (verdict == KEEP_STARVING) {
        letThrough++;
      } else {
        assertEquals(SHED, verdict);
      }
    }
    assertEquals(10, letThrough);
  }

  @Test
  void aCameraWithFreshFramesHasItsStaleOnesShed() {
    FairShedding shedding = new FairShedding(new FrameShedder(BOUND));
    assertEquals(KEEP, shedding.judge("cam-a", 9_500, 10_000));
    assertEquals(SHED, shedding.judge("cam-a", 8_900, 10_100));
    assertEquals(SHED, shedding.judge("cam-a", 9_200, 10_900));
    // Another camera is judged on its own.
    assertEquals(KEEP_STARVING, shedding.judge("cam-b", 9_500, 10_900));
    // A whole bound after cam-a's fresh frame, it is starving.
    assertEquals(KEEP_STARVING, shedding.judge("cam-a", 9_500, 11_000));
  }

  @Test
  void framesPastTwiceTheBoundAreShedEvenForAStarvingCamera() {
    FairShedding shedding = new FairShedding(new FrameShedder(BOUND));
    assertEquals(SHED, shedding.judge("cam-a", 0, 2_001));
    assertEquals(KEEP_STARVING, shedding.judge("cam-a", 1_000, 2_001));
  }

  @Test
  void camerasLetThroughLongAgoAreForgotten() {
    FairShedding shedding = new FairShedding(new FrameShedder(BOUND));
    for (int i = 0; i < 1_000; i++) {
      shedding.judge("cam-" + i, 0, 0);
    }
    assertEquals(1_000, shedding.remembered());
    shedding.judge("cam-new", 5_000, 5_000);
    assertEquals(1, shedding.remembered());
  }

  @Test
  void offKeepsEverything() {
    FairShedding shedding = new FairShedding(FrameShedder.off());
    assertEquals(KEEP, shedding.judge("cam-a", 0, 1_000_000));
  }
}
