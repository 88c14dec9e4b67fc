package dev.streamdycoke.cli.faults;

import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.Frame;
import dev.streamdycoke.schemas.Query;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The producer and read_committed consumers the fault tests use, and polling until a condition
 * holds. {@code client} holds bootstrap.servers plus whatever security settings the broker needs.
 */
final class KafkaTestClients {
  /** Generous: a shared 2-core machine may be slow, and a restarted job reloads the model. */
  static final Duration WAIT = Duration.ofSeconds(180);

  private KafkaTestClients() {}

  static KafkaProducer<byte[], byte[]> producer(Properties client) {
    Properties props = new Properties();
    props.putAll(client);
    props.put("enable.idempotence", "true");
    props.put("acks", "all");
    // Room for the 10 MB question of the hostile-input test (the test broker accepts 16 MiB).
    props.put("max.request.size", String.valueOf(12 * 1024 * 1024));
    props.put("buffer.memory", String.valueOf(64 * 1024 * 1024));
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** A consumer of {@code topic} from its start (always) that sees committed records only. */
  static KafkaConsumer<byte[], byte[]> readCommitted(Properties client, String topic) {
    Properties props = new Properties();
    props.putAll(client);
    props.put("group.id", "test-reader-" + topic);
    props.put("auto.offset.reset", "earliest");
    props.put("isolation.level", "read_committed");
    // Every reader starts from the beginning: nothing it read is hidden from the next one.
    props.put("enable.auto.commit", "false");
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value)
      throws Exception {
    producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value))
        .get();
  }

  static void sendFrame(KafkaProducer<byte[], byte[]> producer, String topic, Frame frame) throws Exception {
    send(producer, topic, frame.getCameraId(), AvroCodec.frames().encode(frame));
  }

  static void sendQuery(KafkaProducer<byte[], byte[]> producer, String topic, Query query) throws Exception {
    send(producer, topic, query.getQueryId(), AvroCodec.queries().encode(query));
  }

  /** Polls into {@code into} until {@code done} holds; fails after {@link #WAIT}. */
  static <T extends SpecificRecord> void pollUntil(
      KafkaConsumer<byte[], byte[]> consumer, AvroCodec<T> codec, List<T> into, Predicate<List<T>> done) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!done.test(into)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + WAIT + "; received " + into.size() + ": " + into);
      }
      poll(consumer, codec, into);
    }
  }

  /** Polls into {@code into} for {@code duration}: whatever else arrives (duplicates) is caught. */
  static <T extends SpecificRecord> void pollFor(
      KafkaConsumer<byte[], byte[]> consumer, AvroCodec<T> codec, List<T> into, Duration duration) {
    long deadline = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < deadline) {
      poll(consumer, codec, into);
    }
  }

  private static <T extends SpecificRecord> void poll(
      KafkaConsumer<byte[], byte[]> consumer, AvroCodec<T> codec, List<T> into) {
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
      try {
        into.add(codec.decode(record.value()));
      } catch (Exception e) {
        throw new AssertionError("the job wrote an undecodable record at offset " + record.offset(), e);
      }
    }
  }
}
