package dev.streamdycoke.operators.standing;

/**
 * Evaluations per second one subtask may spend on standing questions: a token bucket on the job
 * clock with a burst of one second's worth. Operator memory, not state: after a restore it starts
 * full.
 */
final class EvaluationBudget {
  private final double perMilli;
  private final double burst;
  private double tokens;
  private long lastRefill = Long.MIN_VALUE;

  EvaluationBudget(double perSecond) {
    this.perMilli = perSecond / 1000.0;
    this.burst = Math.max(1.0, perSecond);
    this.tokens = burst;
  }

  /** Takes one evaluation from the budget if there is one left at {@code now}. */
  boolean tryAcquire(long now) {
    if (lastRefill != Long.MIN_VALUE && now > lastRefill) {
      tokens = Math.min(burst, tokens + (now - lastRefill) * perMilli);
    }
    lastRefill = Math.max(lastRefill, now);
    if (tokens >= 1.0) {
      tokens -= 1.0;
      return true;
    }
    return false;
  }
}
