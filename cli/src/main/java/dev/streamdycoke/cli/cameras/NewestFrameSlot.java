package dev.streamdycoke.cli.cameras;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A mailbox of size one between a live camera's reader thread and the fleet's publisher: the reader
 * overwrites, the publisher takes the newest item, and only once. A live stream must never be read
 * as a queue: at 2 fps from a 15 fps stream a queue falls further behind live every second.
 *
 * <p>Lock-free; one writer and one reader at a time (more are safe, but each item is handed out
 * once in total, not once per reader).
 *
 * @param <T> what is handed over
 */
public final class NewestFrameSlot<T> {

  private record Entry<T>(T item, long number) {}

  private final AtomicReference<Entry<T>> newest = new AtomicReference<>();
  private final AtomicLong offered = new AtomicLong();
  private final AtomicLong taken = new AtomicLong();
  private final AtomicLong lastTakenNumber = new AtomicLong(0);

  /** Puts {@code item} in the slot, replacing an item not taken yet. */
  public void offer(T item) {
    newest.set(new Entry<>(item, offered.incrementAndGet()));
  }

  /** The newest item if it was not taken before; empty if nothing new arrived since. */
  public Optional<T> takeNewest() {
    Entry<T> entry = newest.get();
    if (entry == null) {
      return Optional.empty();
    }
    long last = lastTakenNumber.get();
    if (entry.number() <= last || !lastTakenNumber.compareAndSet(last, entry.number())) {
      return Optional.empty();
    }
    taken.incrementAndGet();
    return Optional.of(entry.item());
  }

  /** Items offered so far. */
  public long offered() {
    return offered.get();
  }

  /** Items offered but replaced before anyone took them. */
  public long overwritten() {
    long o = offered.get();
    long t = taken.get();
    // The newest item, not taken yet, is not overwritten (yet).
    boolean pending = newest.get() != null && newest.get().number() > lastTakenNumber.get();
    return Math.max(0, o - t - (pending ? 1 : 0));
  }
}
