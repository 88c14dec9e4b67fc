package dev.streamdycoke.cli.cameras;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter between reconnect attempts: attempt {@code n} (0-based) waits
 * about {@code initial * 2^n}, capped at {@code max}, then spread by up to {@code ±jitter} of
 * itself. The jitter keeps a fleet whose cameras dropped together (a switch reboot) from
 * reconnecting in lockstep; the cap keeps a camera that is down for hours retried every {@code
 * max}.
 *
 * @param initial wait before the first retry
 * @param max longest wait
 * @param jitter fraction in [0, 1) by which a wait is spread either way
 */
public record Backoff(Duration initial, Duration max, double jitter) {

  public Backoff {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("need 0 < initial <= max: " + initial + ", " + max);
    }
    if (!(jitter >= 0 && jitter < 1)) {
      throw new IllegalArgumentException("jitter must be in [0, 1): " + jitter);
    }
  }

  /** 0.5 s doubling up to 30 s, ±20 %. */
  public static Backoff defaults() {
    return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 0.2);
  }

  /**
   * How long to wait before attempt {@code attempt + 1}.
   *
   * @param attempt failed attempts in a row so far, minus one (0 after the first failure)
   * @param random uniform in [0, 1), e.g. {@code ThreadLocalRandom.current()::nextDouble}
   */
  public Duration delay(int attempt, DoubleSupplier random) {
    double base = initial.toNanos() * Math.pow(2, Math.min(Math.max(0, attempt), 62));
    base = Math.min(base, max.toNanos());
    double spread = 1 + jitter * (2 * random.getAsDouble() - 1);
    return Duration.ofNanos(Math.max(1, Math.round(base * spread)));
  }
}
