package dev.streamdycoke.operators.cache;

/**
 * Score with exponential fading since last relevance: {@code score * exp(-lambda * (clock -
 * lastRelevant))}. Tokens answers keep using stay fresh and survive; tokens no answer uses fade out
 * at rate lambda per frame.
 */
final class DecayPolicy implements EvictionPolicy {
  static final double DEFAULT_LAMBDA = 0.05;

  private final double lambda;

  DecayPolicy(double lambda) {
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("lambda must be finite and non-negative: " + lambda);
    }
    this.lambda = lambda;
  }

  @Override
  public String name() {
    return "DECAY";
  }

  double lambda() {
    return lambda;
  }

  @Override
  public void priorities(EntryColumns entries, long clock, double[] out) {
    // Neighbours in cache order mostly share a frame and so a last-relevant clock: one exp per run.
    long memoClock = Long.MIN_VALUE;
    double memoFactor = 0;
    for (int i = 0; i < entries.size(); i++) {
      long relevant = entries.lastRelevant(i);
      if (relevant != memoClock) {
        memoClock = relevant;
        memoFactor = Math.exp(-lambda * (clock - relevant));
      }
      out[i] = entries.score(i) * memoFactor;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DecayPolicy other && Double.compare(lambda, other.lambda) == 0;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(lambda);
  }

  @Override
  public String toString() {
    return name() + "(lambda=" + lambda + ")";
  }
}
