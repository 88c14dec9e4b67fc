package dev.streamdycoke.cli.cameras;

/**
 * Maps a live stream's presentation timestamps to the wall clock, so a frame's capture time is when
 * the camera took it rather than when a consumer happened to read it.
 *
 * <p>The offset between the two clocks is the smallest {@code received - pts} seen: no frame can
 * arrive before it was captured, so the frame that came through fastest pins the mapping, and a
 * frame that waited in a buffer gets its earlier (true) time. A timestamp that goes backwards or
 * jumps far ahead (a reconnect, a server restart, a looping source) starts a new mapping. Without
 * timestamps the receive time is used.
 *
 * <p>Not thread-safe: one per reader thread.
 */
final class StreamClock {

  /** A jump in timestamps larger than this (either way) starts a new mapping. */
  static final long MAX_JUMP_MICROS = 10_000_000L;

  private boolean anchored;
  private long offsetMicros;
  private long lastPtsMicros;
  private long lastReceivedMicros;

  /**
   * The capture time, in epoch microseconds, of a frame with timestamp {@code ptsMicros} received
   * at {@code receivedMicros} (epoch microseconds). A negative pts means "no timestamp".
   */
  long captureMicros(long ptsMicros, long receivedMicros) {
    if (ptsMicros < 0) {
      return receivedMicros;
    }
    long offset = receivedMicros - ptsMicros;
    boolean jumped =
        anchored
            && (ptsMicros < lastPtsMicros
                || Math.abs((ptsMicros - lastPtsMicros) - (receivedMicros - lastReceivedMicros))
                    > MAX_JUMP_MICROS);
    if (!anchored || jumped || offset < offsetMicros) {
      offsetMicros = offset;
      anchored = true;
    }
    lastPtsMicros = ptsMicros;
    lastReceivedMicros = receivedMicros;
    return Math.min(receivedMicros, ptsMicros + offsetMicros);
  }

  /** Forgets the mapping (a new connection starts new timestamps). */
  void reset() {
    anchored = false;
  }
}
