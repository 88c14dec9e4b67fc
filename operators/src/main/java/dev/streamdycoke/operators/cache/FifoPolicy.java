package dev.streamdycoke.operators.cache;

/** First in, first out: the oldest insertion leaves first; answers change nothing. */
final class FifoPolicy implements EvictionPolicy {
  static final FifoPolicy INSTANCE = new FifoPolicy();

  private FifoPolicy() {}

  @Override
  public String name() {
    return "FIFO";
  }

  @Override
  public void priorities(EntryColumns entries, long clock, double[] out) {
    for (int i = 0; i < entries.size(); i++) {
      out[i] = entries.insertedAt(i);
    }
  }

  @Override
  public boolean evictsOldestFirst() {
    return true;
  }

  @Override
  public String toString() {
    return name();
  }
}
