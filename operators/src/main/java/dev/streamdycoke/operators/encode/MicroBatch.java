package dev.streamdycoke.operators.encode;

import java.util.ArrayList;
import java.util.List;

/**
 * Frames waiting for one forward pass, across the cameras of a subtask. Not thread-safe: the
 * operator's mailbox thread is its only user.
 *
 * @param <T> the buffered element
 */
public final class MicroBatch<T> {
  private final BatchPolicy policy;
  private List<T> pending = new ArrayList<>();
  private long firstArrival;

  public MicroBatch(BatchPolicy policy) {
    this.policy = policy;
  }

  /**
   * Buffers one element.
   *
   * @return true when the batch is full and should be flushed now
   */
  public boolean add(T element, long now) {
    if (pending.isEmpty()) {
      firstArrival = now;
    }
    pending.add(element);
    return pending.size() >= policy.maxSize();
  }

  /** When the pending batch must go at the latest; meaningless while empty. */
  public long deadline() {
    return firstArrival + policy.maxWaitMillis();
  }

  public boolean isDue(long now) {
    return !pending.isEmpty() && now >= deadline();
  }

  public boolean isEmpty() {
    return pending.isEmpty();
  }

  public int size() {
    return pending.size();
  }

  /** Takes every pending element, in arrival order, and leaves the batch empty. */
  public List<T> drain() {
    List<T> out = pending;
    pending = new ArrayList<>(policy.maxSize());
    return out;
  }
}
