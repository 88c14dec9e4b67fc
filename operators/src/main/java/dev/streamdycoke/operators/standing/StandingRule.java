package dev.streamdycoke.operators.standing;

import dev.streamdycoke.schemas.StandingEmit;
import dev.streamdycoke.schemas.StandingSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A checked {@link StandingSpec} as Flink state keeps it (a POJO, so it evolves with the state
 * schema rather than with the Avro contract).
 */
public class StandingRule implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Evaluate on every N-th frame, N >= 1. */
  public int everyFrames = 1;

  /** At most one evaluation per this many ms of capture time; 0 for no time bound. */
  public long minIntervalMs;

  /** Emit every evaluation instead of changes only. */
  public boolean emitEvery;

  /** Consecutive evaluations a changed answer needs before it is emitted, K >= 1. */
  public int hold = 1;

  /** Capture time (ms since the epoch) from which the question has ended; null for never. */
  public Long expiresAt;

  /** Events per camera after which the question ends there; null for no bound. */
  public Long maxEvents;

  public StandingRule() {}

  /** The rule of a spec that {@link #problems} found nothing wrong with. */
  public static StandingRule of(StandingSpec spec) {
    StandingRule rule = new StandingRule();
    rule.everyFrames = spec.getEveryFrames();
    rule.minIntervalMs = spec.getMinIntervalMs() == null ? 0 : spec.getMinIntervalMs();
    rule.emitEvery = spec.getEmit() == StandingEmit.EVERY;
    rule.hold = spec.getHold();
    rule.expiresAt = spec.getExpiresAt() == null ? null : spec.getExpiresAt().toEpochMilli();
    rule.maxEvents = spec.getMaxEvents() == null ? null : (long) spec.getMaxEvents();
    return rule;
  }

  /**
   * What is wrong with a client's spec, empty when nothing is.
   *
   * @param now job clock, milliseconds since the epoch
   * @param limits bounds on the spec's numbers
   */
  public static List<String> problems(StandingSpec spec, long now, StandingLimits limits) {
    List<String> problems = new ArrayList<>();
    if (spec.getEveryFrames() < 1 || spec.getEveryFrames() > limits.maxEveryFrames()) {
      problems.add(
          "every_frames " + spec.getEveryFrames() + " is outside 1.." + limits.maxEveryFrames());
    }
    Long interval = spec.getMinIntervalMs();
    if (interval != null && (interval < 1 || interval > limits.maxIntervalMs())) {
      problems.add("min_interval_ms " + interval + " is outside 1.." + limits.maxIntervalMs());
    }
    if (spec.getHold() < 1 || spec.getHold() > limits.maxHold()) {
      problems.add("hold " + spec.getHold() + " is outside 1.." + limits.maxHold());
    }
    if (spec.getExpiresAt() != null && spec.getExpiresAt().toEpochMilli() <= now) {
      problems.add(
          "expires_at "
              + spec.getExpiresAt()
              + " is not in the future ("
              + (now - spec.getExpiresAt().toEpochMilli())
              + " ms ago)");
    }
    if (spec.getMaxEvents() != null && spec.getMaxEvents() < 1) {
      problems.add("max_events " + spec.getMaxEvents() + " is below 1");
    }
    return problems;
  }

  @Override
  public String toString() {
    return "every "
        + everyFrames
        + " frames"
        + (minIntervalMs > 0 ? ", at most every " + minIntervalMs + " ms" : "")
        + (emitEvery ? ", EVERY" : ", ON_CHANGE hold " + hold)
        + (expiresAt != null ? ", until " + expiresAt : "")
        + (maxEvents != null ? ", max " + maxEvents + " events" : "");
  }
}
