package dev.streamdycoke.cli.cameras;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A sink that keeps what it is sent; fails the sends a predicate picks. Thread-safe. */
final class RecordingSink implements FrameSink {

  record Sent(String cameraId, long timestampMillis, byte[] value) {}

  private final List<Sent> sent = new ArrayList<>();
  private final Predicate<Sent> fail;
  private boolean closed;

  RecordingSink() {
    this(s -> false);
  }

  RecordingSink(Predicate<Sent> fail) {
    this.fail = fail;
  }

  @Override
  public synchronized void send(
      String cameraId, long timestampMillis, byte[] value, Completion completion) {
    Sent s = new Sent(cameraId, timestampMillis, value);
    if (fail.test(s)) {
      completion.completed(new IllegalStateException("refused by the test"));
      return;
    }
    sent.add(s);
    completion.completed(null);
  }

  synchronized List<Sent> sent() {
    return List.copyOf(sent);
  }

  synchronized boolean closed() {
    return closed;
  }

  @Override
  public void flush() {}

  @Override
  public synchronized void close() {
    closed = true;
  }
}
