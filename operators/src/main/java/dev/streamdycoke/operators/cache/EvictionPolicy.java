package dev.streamdycoke.operators.cache;

import java.util.Locale;

/**
 * Which cached tokens leave first when the cache is full. A policy assigns each entry a priority;
 * the cache evicts the lowest, breaking ties by older insertion (then token id), so eviction is
 * deterministic whatever the policy.
 */
public interface EvictionPolicy extends java.io.Serializable {

  /** Stable name for configuration and metrics. */
  String name();

  /**
   * Writes every entry's priority at {@code clock} into {@code out[0 .. entries.size())}. Lower is
   * evicted first.
   */
  void priorities(EntryColumns entries, long clock, double[] out);

  /**
   * True when priorities never decrease along cache order, so the victims are simply the oldest
   * entries and the cache can skip computing priorities.
   */
  default boolean evictsOldestFirst() {
    return false;
  }

  /** Evict the smallest inserted-at. */
  static EvictionPolicy fifo() {
    return FifoPolicy.INSTANCE;
  }

  /** Evict the smallest last-relevant clock. */
  static EvictionPolicy lrr() {
    return LrrPolicy.INSTANCE;
  }

  /** Evict the lowest {@code score * exp(-0.05 * (clock - lastRelevant))}. */
  static EvictionPolicy decay() {
    return new DecayPolicy(DecayPolicy.DEFAULT_LAMBDA);
  }

  static EvictionPolicy decay(double lambda) {
    return new DecayPolicy(lambda);
  }

  /** Parses {@code FIFO}, {@code LRR} or {@code DECAY} (default lambda), case-insensitively. */
  static EvictionPolicy named(String name) {
    return switch (name.trim().toUpperCase(Locale.ROOT)) {
      case "FIFO" -> fifo();
      case "LRR" -> lrr();
      case "DECAY" -> decay();
      default -> throw new IllegalArgumentException("unknown eviction policy: " + name);
    };
  }
}
