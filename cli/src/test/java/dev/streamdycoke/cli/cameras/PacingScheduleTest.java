package dev.streamdycoke.cli.cameras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PacingScheduleTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void spreadsTheCamerasEvenlyOverThePeriod() {
    PacingSchedule s = new PacingSchedule(4, SECOND, 1000);
    long[] expected = {
      1000,
      1000 + SECOND / 4,
      1000 + SECOND / 2,
      1000 + 3 * SECOND / 4,
      1000 + SECOND,
      1000 + SECOND + SECOND / 4
    };
    int[] cameras = {0, 1, 2, 3, 0, 1};
    for (int i = 0; i < expected.length; i++) {
      assertEquals(cameras[i], s.nextCamera());
      assertEquals(expected[i], s.nextDueNanos());
      assertEquals(0, s.advance(s.nextDueNanos()), "on time, nothing skipped");
    }
  }

  @Test
  void everyCameraTicksOncePerPeriod() {
    int cameras = 1000;
    PacingSchedule s = new PacingSchedule(cameras, SECOND, 0);
    int[] ticks = new int[cameras];
    long previous = Long.MIN_VALUE;
    for (int i = 0; i < 3 * cameras; i++) {
      long due = s.nextDueNanos();
      assertTrue(due >= previous, "due times never go back");
      assertTrue(due < 3 * SECOND);
      previous = due;
      ticks[s.nextCamera()]++;
      s.advance(due);
    }
    for (int t : ticks) {
      assertEquals(3, t);
    }
  }

  @Test
  void aLatePacerSkipsWholeRoundsInsteadOfBursting() {
    PacingSchedule s = new PacingSchedule(2, SECOND, 0);
    // Tick 0 (camera 0, due 0) handled 3.7 s late: 3 whole rounds of 2 cameras are dropped.
    assertEquals(6, s.advance(3_700_000_000L));
    assertEquals(1, s.nextCamera(), "each camera keeps its phase");
    assertEquals(3 * SECOND + SECOND / 2, s.nextDueNanos());
    // Slightly late (less than a period) is caught up, not skipped.
    assertEquals(0, s.advance(3 * SECOND + SECOND / 2 + 10));
    assertEquals(4 * SECOND, s.nextDueNanos());
  }

  @Test
  void survivesNanoTimeWrapAround() {
    PacingSchedule s = new PacingSchedule(3, SECOND, Long.MAX_VALUE - SECOND / 2);
    for (int i = 0; i < 9; i++) {
      assertEquals(0, s.advance(s.nextDueNanos()));
    }
    assertEquals(Long.MAX_VALUE - SECOND / 2 + 3 * SECOND, s.nextDueNanos());
  }

  @Test
  void rejectsNonsense() {
    assertThrows(IllegalArgumentException.class, () -> new PacingSchedule(0, SECOND, 0));
    assertThrows(IllegalArgumentException.class, () -> new PacingSchedule(1, 0, 0));
  }
}
