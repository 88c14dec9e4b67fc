package dev.streamdycoke.cli.faults;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Wraps the answers sink's serializer and, once armed, lets {@code n} records through and throws on
 * the next one: the sink's task fails with those records written into its open, uncommitted
 * transaction, which is the moment exactly-once must survive.
 *
 * <p>The countdown is static because the MiniCluster runs in the test's JVM and the serializer is a
 * deserialized copy there; one test class at a time uses it.
 */
final class FailingSerializer<T> implements KafkaRecordSerializationSchema<T> {
  private static final long serialVersionUID = 1L;
  private static final int DISARMED = -1;
  private static final AtomicInteger countdown = new AtomicInteger(DISARMED);
  private static final AtomicInteger failures = new AtomicInteger();

  private final KafkaRecordSerializationSchema<T> delegate;

  FailingSerializer(KafkaRecordSerializationSchema<T> delegate) {
    this.delegate = delegate;
  }

  /** The next {@code passing} records pass, the one after them fails its task, later ones pass. */
  static void armAfter(int passing) {
    countdown.set(passing);
  }

  static void disarm() {
    countdown.set(DISARMED);
  }

  /** How many failures were injected since the class was loaded. */
  static int failures() {
    return failures.get();
  }

  @Override
  public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext)
      throws Exception {
    delegate.open(context, sinkContext);
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      T element, KafkaSinkContext context, Long timestamp) {
    // Below zero it stays disarmed: only the transition from 0 fails.
    if (countdown.getAndUpdate(n -> n < 0 ? n : n - 1) == 0) {
      failures.incrementAndGet();
      throw new IllegalStateException(
          "injected task failure (fault test) while writing " + element);
    }
    return delegate.serialize(element, context, timestamp);
  }
}
