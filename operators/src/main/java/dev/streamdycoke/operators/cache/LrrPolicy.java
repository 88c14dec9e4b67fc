package dev.streamdycoke.operators.cache;

/**
 * Least recently relevant: the token whose last insertion or answer-relevance is oldest leaves
 * first. Equals FIFO until an answer marks a token relevant.
 *
 * <p>A token is relevant to an answer when it is among the answer's top A tokens by attention and
 * its share of the answer's attention exceeds the uniform share 1/n over the n cached tokens in
 * context (see {@link TokenCache#recordAnswer}; docs/algorithms.md section 3.2). The share test
 * matters when C <= A: every cached token is then in the top A, and without it every answer would
 * refresh every token at the same clock, making LRR evict exactly as FIFO.
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
