package dev.streamdycoke.operators.cache;

/**
 * Least recently relevant: the token whose last insertion or answer-relevance is oldest leaves
 * first. Equals FIFO until an answer marks a token relevant.
 */
final class LrrPolicy implements EvictionPolicy {
  static final LrrPolicy INSTANCE = new LrrPolicy();

  private LrrPolicy() {}

  @Override
  public String name() {
    return "LRR";
  }

  @Override
  public void priorities(EntryColumns entries, long clock, double[] out) {
    for (int i = 0; i < entries.size(); i++) {
      out[i] = entries.lastRelevant(i);
    }
  }

  @Override
  public String toString() {
    return name();
  }
}
