package dev.streamdycoke.cli.cameras;

/**
 * When each camera of a fleet captures next: all cameras share one period, and their phases are
 * spread evenly over it (camera i at {@code i/N} of the period), so a fleet of N cameras at F fps
 * is a steady N*F ticks per second rather than N frames at once every period. Round robin makes the
 * next tick O(1) for any fleet size.
 *
 * <p>If the pacer falls more than one period behind (a GC pause, a suspended VM), whole rounds are
 * skipped instead of replayed in a burst: a late camera frame is a dropped frame.
 *
 * <p>Times are {@link System#nanoTime()} values and compared by subtraction (overflow-safe). Not
 * thread-safe.
 */
final class PacingSchedule {

  private final int cameras;
  private final long periodNanos;
  private long roundStart;
  private int next;

  PacingSchedule(int cameras, long periodNanos, long startNanos) {
    if (cameras < 1 || periodNanos < 1) {
      throw new IllegalArgumentException("need cameras >= 1 and a positive period");
    }
    this.cameras = cameras;
    this.periodNanos = periodNanos;
    this.roundStart = startNanos;
  }

  /** The camera of the next tick. */
  int nextCamera() {
    return next;
  }

  /** When the next tick is due. */
  long nextDueNanos() {
    return roundStart + periodNanos * next / cameras;
  }

  /**
   * Consumes the next tick, at time {@code nowNanos}.
   *
   * @return how many further ticks were skipped because the pacer is more than one period late
   */
  long advance(long nowNanos) {
    next++;
    if (next == cameras) {
      next = 0;
      roundStart += periodNanos;
    }
    long lag = nowNanos - nextDueNanos();
    if (lag <= periodNanos) {
      return 0;
    }
    long rounds = lag / periodNanos;
    roundStart += rounds * periodNanos;
    return rounds * cameras;
  }
}
