package dev.streamdycoke.job.args;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationConverterTest {
  @Test
  void readsTheUnitsOperatorsWrite() {
    assertEquals(Duration.ofMillis(500), DurationConverter.parse("500ms"));
    assertEquals(Duration.ofSeconds(90), DurationConverter.parse("90s"));
    assertEquals(Duration.ofMinutes(5), DurationConverter.parse("5m"));
    assertEquals(Duration.ofHours(1), DurationConverter.parse("1h"));
    assertEquals(Duration.ofSeconds(2), DurationConverter.parse("PT2S"));
    assertEquals(
        Duration.ZERO, DurationConverter.parse("0"), "--max-frame-age 0 turns shedding off");
  }

  @Test
  void refusesWhatItCannotRead() {
    assertThrows(IllegalArgumentException.class, () -> DurationConverter.parse("5 parsecs"));
    assertThrows(IllegalArgumentException.class, () -> DurationConverter.parse("soon"));
  }
}
