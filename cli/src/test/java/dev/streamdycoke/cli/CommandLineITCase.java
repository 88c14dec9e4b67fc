package dev.streamdycoke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.cli.kafka.EmbeddedKafka;
import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.Frame;
import dev.streamdycoke.schemas.FrameFormat;
import dev.streamdycoke.schemas.Query;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The producer-side commands against a real broker. */
class CommandLineITCase {
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.builder().build().start();
    kafka.createTopics(2, "frames");
    kafka.createTopics(1, "queries", "answers");
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  @Test
  void camerasPublishesEachCamerasFramesInOrderKeyedByCamera() throws Exception {
    int exit =
        StreamDyCokeCli.execute(
            "cameras",
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "-n",
            "2",
            "--fps",
            "5",
            "--duration",
            "3s",
            "--format",
            "png");
    assertEquals(0, exit);
    Map<String, List<Long>> seqs = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : readAll("frames", 4)) {
      Frame frame = AvroCodec.frames().decode(record.value());
      assertEquals(frame.getCameraId(), new String(record.key(), StandardCharsets.UTF_8));
      assertEquals(FrameFormat.PNG, frame.getFormat());
      seqs.computeIfAbsent(frame.getCameraId(), k -> new ArrayList<>()).add(frame.getSeq());
    }
    assertEquals(List.of("cam-01", "cam-02"), seqs.keySet().stream().sorted().toList());
    for (List<Long> camera : seqs.values()) {
      // How many frames a loaded machine renders in 3 s varies; order needs only two per camera.
      assertTrue(camera.size() >= 2, "several frames per camera: " + camera);
      for (int i = 1; i < camera.size(); i++) {
        assertTrue(camera.get(i) > camera.get(i - 1), "seq increases per camera: " + camera);
      }
    }
  }

  @Test
  void askPublishesTheQueryAndGivesUpWithExitCodeTwoWhenNoJobAnswers() throws Exception {
    int exit =
        StreamDyCokeCli.execute(
            "ask",
            "what is moving?",
            "-c",
            "cam-01,cam-02",
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "--timeout",
            "1s");
    assertEquals(2, exit);
    List<ConsumerRecord<byte[], byte[]>> records = readAll("queries", 1);
    assertEquals(1, records.size());
    Query query = AvroCodec.queries().decode(records.get(0).value());
    assertEquals("what is moving?", query.getQuestion());
    assertEquals(List.of("cam-01", "cam-02"), query.getCameraIds());
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int atLeast) {
    Properties props = new Properties();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    props.put("group.id", "cli-it-" + topic);
    props.put("auto.offset.reset", "earliest");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      int emptyPolls = 0;
      while (System.nanoTime() < deadline && (records.size() < atLeast || emptyPolls < 3)) {
        var batch = consumer.poll(Duration.ofMillis(300));
        batch.forEach(records::add);
        emptyPolls = batch.isEmpty() ? emptyPolls + 1 : 0;
      }
    }
    return records;
  }
}
