package dev.streamdycoke.job.testing;

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
 * The Kafka clients every test against a broker uses: an idempotent producer, read_committed
 * consumers from the topic's start, and polling until a condition holds. {@code client} holds
 * bootstrap.servers plus whatever security settings the broker needs.
 */
public final class KafkaTestClients {
  /** Generous: a shared 2-core machine may be slow, and a restarted job reloads the model. */
  public static final Duration WAIT = Duration.ofSeconds(180);

  private KafkaTestClients() {}

  /** Client settings that only name the broker. */
  public static Properties client(String bootstrapServers) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrapServers);
    return props;
  }

  public static KafkaProducer<byte[], byte[]> producer(Properties client) {
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
  public static KafkaConsumer<byte[], byte[]> readCommitted(Properties client, String topic) {
    Properties props = new Properties();
    props.putAll(client);
    // A group of its own: a second reader of the topic starts from the beginning too.
    props.put("group.id", "test-reader-" + topic + "-" + System.nanoTime());
    props.put("auto.offset.reset", "earliest");
    props.put("isolation.level", "read_committed");
    // Every reader starts from the beginning: nothing it read is hidden from the next one.
    props.put("enable.auto.commit", "false");
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  public static void send(
      KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value)
      throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value))
        .get();
  }

  public static void sendFrame(KafkaProducer<byte[], byte[]> producer, String topic, Frame frame)
      throws Exception {
    send(producer, topic, frame.getCameraId(), AvroCodec.frames().encode(frame));
  }

  public static void sendQuery(KafkaProducer<byte[], byte[]> producer, String topic, Query query)
      throws Exception {
    send(producer, topic, query.getQueryId(), AvroCodec.queries().encode(query));
  }

  /** Polls into {@code into} until {@code done} holds; fails after {@link #WAIT}. */
  public static <T extends SpecificRecord> void pollUntil(
      KafkaConsumer<byte[], byte[]> consumer,
      AvroCodec<T> codec,
      List<T> into,
      Predicate<List<T>> done) {
    pollUntil(consumer, codec, into, done, WAIT);
  }

  /** Polls into {@code into} until {@code done} holds; fails after {@code wait}. */
  public static <T extends SpecificRecord> void pollUntil(
      KafkaConsumer<byte[], byte[]> consumer,
      AvroCodec<T> codec,
      List<T> into,
      Predicate<List<T>> done,
      Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (!done.test(into)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out after " + wait + "; received " + into.size() + ": " + into);
      }
      poll(consumer, codec, into);
    }
  }

  /** Polls into {@code into} for {@code duration}: whatever else arrives (duplicates) is caught. */
  public static <T extends SpecificRecord> void pollFor(
      KafkaConsumer<byte[], byte[]> consumer, AvroCodec<T> codec, List<T> into, Duration duration) {
    long deadline = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < deadline) {
      poll(consumer, codec, into);
    }
  }

  /** One poll of at most 200 ms into {@code into}. */
  public static <T extends SpecificRecord> void poll(
      KafkaConsumer<byte[], byte[]> consumer, AvroCodec<T> codec, List<T> into) {
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
      try {
        into.add(codec.decode(record.value()));
      } catch (Exception e) {
        throw new AssertionError(
            "the job wrote an undecodable record at offset " + record.offset(), e);
      }
    }
  }
}
