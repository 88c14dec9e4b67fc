package dev.streamdycoke.cli.cameras;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StreamClockTest {

  private static final long T0 = 1_700_000_000_000_000L;

  @Test
  void framesThatWaitedInABufferKeepTheirEarlierCaptureTime() {
    StreamClock clock = new StreamClock();
    // Frames 100 ms apart in the stream; the first arrives promptly.
    assertEquals(T0, clock.captureMicros(0, T0));
    // The next three come in a burst 250 ms late: they were captured at 100, 200, 300 ms.
    assertEquals(T0 + 100_000, clock.captureMicros(100_000, T0 + 350_000));
    assertEquals(T0 + 200_000, clock.captureMicros(200_000, T0 + 351_000));
    assertEquals(T0 + 300_000, clock.captureMicros(300_000, T0 + 352_000));
  }

  @Test
  void theFastestFrameRepinsTheMapping() {
    StreamClock clock = new StreamClock();
    // The first frame was itself 200 ms late; a later one arrives promptly.
    assertEquals(T0 + 200_000, clock.captureMicros(0, T0 + 200_000));
    assertEquals(T0 + 500_000, clock.captureMicros(500_000, T0 + 500_000));
    assertEquals(T0 + 600_000, clock.captureMicros(600_000, T0 + 700_000));
  }

  @Test
  void aCaptureTimeIsNeverAfterTheReceiveTime() {
    StreamClock clock = new StreamClock();
    clock.captureMicros(0, T0);
    // The stream clock runs fast: 150 ms of stream in 100 ms of wall time.
    assertEquals(T0 + 100_000, clock.captureMicros(150_000, T0 + 100_000));
  }

  @Test
  void timestampsGoingBackOrJumpingStartANewMapping() {
    StreamClock clock = new StreamClock();
    clock.captureMicros(5_000_000, T0);
    // A restarted server starts at 0 again.
    assertEquals(T0 + 1_000_000, clock.captureMicros(0, T0 + 1_000_000));
    // A jump of an hour in the stream within a second of wall time.
    assertEquals(T0 + 2_000_000, clock.captureMicros(3_600_000_000L, T0 + 2_000_000));
  }

  @Test
  void withoutTimestampsTheReceiveTimeIsTheCaptureTime() {
    assertEquals(T0, new StreamClock().captureMicros(-1, T0));
  }
}
