package dev.streamdycoke.cli.cameras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 0.2);

  @Test
  void doublesFromTheInitialWaitUpToTheCapAndStaysThereForever() {
    long[] expected = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000};
    for (int attempt = 0; attempt < expected.length; attempt++) {
      assertEquals(expected[attempt], backoff.delay(attempt, () -> 0.5).toMillis(), "" + attempt);
    }
    assertEquals(Duration.ofSeconds(30), backoff.delay(10_000, () -> 0.5), "no overflow");
  }

  @Test
  void jitterSpreadsEachWaitByUpToItsFraction() {
    assertEquals(1600, backoff.delay(2, () -> 0.0).toMillis());
    assertEquals(2400, backoff.delay(2, () -> 1.0).toMillis());
    assertEquals(24_000, backoff.delay(50, () -> 0.0).toMillis());
  }

  @Test
  void rejectsNonsense() {
    assertThrows(
        IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 1.0));
  }
}
