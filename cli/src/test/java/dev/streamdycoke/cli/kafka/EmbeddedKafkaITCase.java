package dev.streamdycoke.cli.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real broker: plain and transactional clients, two brokers at once, restarts. */
class EmbeddedKafkaITCase {

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.builder().build().start();
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @Test
  void producedRecordsAreConsumedAndTopicCreationIsIdempotent() throws Exception {
    kafka.createTopics(3, "plain", "other");
    kafka.createTopics(1, "plain"); // exists: no error, keeps its 3 partitions
    assertEquals(3, partitions(kafka, "plain"));

    try (KafkaProducer<String, String> producer = producer(kafka, Map.of())) {
      for (int i = 0; i < 10; i++) {
        producer.send(new ProducerRecord<>("plain", "key" + i, "value" + i)).get();
      }
    }
    List<String> values = consume(kafka, "plain", "read_uncommitted", 10);
    assertEquals(10, values.size());
    for (int i = 0; i < 10; i++) {
      assertTrue(values.contains("value" + i), values::toString);
    }
  }

  @Test
  void recordsOfSeveralMebibytesFit() throws Exception {
    kafka.createTopics(1, "raw-frames");
    byte[] frame =
        new byte[12 * 1024 * 1024]; // an uncompressed 4K RGB24 frame is ~24 MB; 12 MB fits
    frame[frame.length - 1] = 42;
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            16 * 1024 * 1024,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
      producer.send(new ProducerRecord<>("raw-frames", frame)).get();
    }
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "g-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
      consumer.subscribe(List.of("raw-frames"));
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      byte[] received = null;
      while (received == null && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          received = r.value();
        }
      }
      assertTrue(received != null, "no record within 15 s");
      assertEquals(frame.length, received.length);
      assertEquals(42, received[received.length - 1]);
    }
  }

  @Test
  void readCommittedSeesCommittedTransactionsOnly() throws Exception {
    kafka.createTopics(2, "tx");
    Map<String, Object> tx =
        Map.of(
            ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            "tx-" + UUID.randomUUID(),
            // What Flink's EXACTLY_ONCE sink asks for: more than the broker default cap of 15 min.
            ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
            (int) Duration.ofMinutes(30).toMillis());
    try (KafkaProducer<String, String> producer = producer(kafka, tx)) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("tx", "k", "committed-1"));
      producer.send(new ProducerRecord<>("tx", "k", "committed-2"));
      producer.commitTransaction();

      producer.beginTransaction();
      producer.send(new ProducerRecord<>("tx", "k", "aborted"));
      producer.flush(); // on the broker's log before the abort, so the abort has something to hide
      producer.abortTransaction();

      producer.beginTransaction();
      producer.send(new ProducerRecord<>("tx", "k", "committed-3"));
      producer.commitTransaction();
    }
    assertEquals(
        List.of("committed-1", "committed-2", "committed-3"),
        consume(kafka, "tx", "read_committed", 3));
    assertTrue(
        consume(kafka, "tx", "read_uncommitted", 4).contains("aborted"),
        "the aborted record should be in the log, hidden from read_committed only");
  }

  @Test
  void twoBrokersRunAtOnceAndAPreferredPortThatIsTakenFallsBack() throws Exception {
    int firstPort = port(kafka);
    Path temporary;
    try (EmbeddedKafka second = EmbeddedKafka.builder().preferredPort(firstPort).build().start()) {
      temporary = second.logDir();
      assertNotEquals(kafka.bootstrapServers(), second.bootstrapServers());
      second.createTopics(1, "only-on-second");
      try (KafkaProducer<String, String> producer = producer(second, Map.of())) {
        producer.send(new ProducerRecord<>("only-on-second", "k", "v")).get();
      }
      assertEquals(List.of("v"), consume(second, "only-on-second", "read_uncommitted", 1));
      assertFalse(topics(kafka).contains("only-on-second"));
    }
    assertFalse(Files.exists(temporary), "a temporary log dir is deleted on close");
    assertTrue(
        Files.isDirectory(kafka.logDir()), "closing one broker leaves the other's dir alone");
  }

  @Test
  void aFixedPortThatIsTakenFailsFast() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      EmbeddedKafka broker = EmbeddedKafka.builder().port(taken.getLocalPort()).build();
      IllegalStateException e = assertThrows(IllegalStateException.class, broker::start);
      assertTrue(e.getMessage().contains(String.valueOf(taken.getLocalPort())), e.getMessage());
      assertThrows(IllegalStateException.class, broker::bootstrapServers);
    }
  }

  @Test
  void aNodeRestartedOnItsDirAndPortKeepsItsRecords(@TempDir Path dir) throws Exception {
    int port;
    try (EmbeddedKafka first = EmbeddedKafka.builder().logDir(dir).build().start()) {
      port = port(first);
      first.createTopics(1, "kept");
      try (KafkaProducer<String, String> producer = producer(first, Map.of())) {
        producer.send(new ProducerRecord<>("kept", "k", "before-restart")).get();
      }
    }
    assertTrue(Files.exists(dir.resolve("meta.properties")), "a given log dir is kept on close");

    try (EmbeddedKafka second = EmbeddedKafka.builder().logDir(dir).port(port).build().start()) {
      assertEquals("127.0.0.1:" + port, second.bootstrapServers());
      second.createTopics(1, "kept");
      assertEquals(List.of("before-restart"), consume(second, "kept", "read_committed", 1));
    }
  }

  @Test
  void aStartThatTimesOutFailsWithoutHaltingTheJvm(@TempDir Path dir) {
    // Kafka's own fault handlers would halt the JVM when the controller misses its startup deadline
    // (this logs that fault at ERROR, by design).
    EmbeddedKafka broker =
        EmbeddedKafka.builder().logDir(dir).startTimeout(Duration.ofMillis(1)).build();
    IllegalStateException e = assertThrows(IllegalStateException.class, broker::start);
    assertTrue(e.getMessage().contains("did not start"), e.getMessage());
    assertThrows(IllegalStateException.class, broker::bootstrapServers);
  }

  @Test
  void aClosedBrokerDoesNotStart() {
    EmbeddedKafka broker = EmbeddedKafka.builder().build();
    broker.close();
    assertThrows(IllegalStateException.class, broker::start);
  }

  private static KafkaProducer<String, String> producer(
      EmbeddedKafka broker, Map<String, Object> extra) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.putAll(extra);
    return new KafkaProducer<>(p);
  }

  /** Reads from the beginning until {@code expected} values came, or 15 s passed. */
  private static List<String> consume(
      EmbeddedKafka broker, String topic, String isolation, int expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "g-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (values.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(r -> values.add(r.value()));
      }
      // A little longer, so that a record that should not be there has a chance to show up.
      consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
    }
    return values;
  }

  private static int partitions(EmbeddedKafka broker, String topic) throws Exception {
    try (Admin admin = admin(broker)) {
      return admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get()
          .get(topic)
          .partitions()
          .size();
    }
  }

  private static java.util.Set<String> topics(EmbeddedKafka broker) throws Exception {
    try (Admin admin = admin(broker)) {
      return admin.listTopics().names().get();
    }
  }

  private static Admin admin(EmbeddedKafka broker) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  private static int port(EmbeddedKafka broker) {
    String bootstrap = broker.bootstrapServers();
    return Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
  }
}
