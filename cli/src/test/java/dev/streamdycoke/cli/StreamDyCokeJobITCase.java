package dev.streamdycoke.cli;

import static dev.streamdycoke.job.testing.KafkaTestClients.pollFor;
import static dev.streamdycoke.job.testing.KafkaTestClients.pollUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.cli.cameras.CapturedFrame;
import dev.streamdycoke.cli.cameras.FrameEncoding;
import dev.streamdycoke.cli.cameras.FrameSource;
import dev.streamdycoke.cli.cameras.ImageFolderCamera;
import dev.streamdycoke.cli.cameras.SimulatedCamera;
import dev.streamdycoke.cli.kafka.EmbeddedKafka;
import dev.streamdycoke.cli.testing.MiniClusters;
import dev.streamdycoke.job.FlinkSetup;
import dev.streamdycoke.job.JobSettings;
import dev.streamdycoke.job.StreamDyCokeJob;
import dev.streamdycoke.job.Topics;
import dev.streamdycoke.job.io.KafkaConnections;
import dev.streamdycoke.job.testing.KafkaTestClients;
import dev.streamdycoke.model.checkpoint.TinyCheckpointWriter;
import dev.streamdycoke.operators.ModelSpec;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.DeadLetter;
import dev.streamdycoke.schemas.Frame;
import dev.streamdycoke.schemas.Query;
import dev.streamdycoke.simulator.scene.SceneConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job on a real broker and a MiniCluster: four cameras (three simulated, one real footage
 * from vtest.avi), planted bad records, and queries; every query answered exactly once on the
 * answers topic read with read_committed, every bad record dead-lettered with its reason.
 */
class StreamDyCokeJobITCase {
  private static final int FRAMES = 8;
  private static final Topics TOPICS = Topics.defaults();

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.oneTaskManager(2);

  @TempDir static Path modelDir;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    TinyCheckpointWriter.writeTiny(modelDir);
    kafka = EmbeddedKafka.builder().build().start();
    kafka.createJobTopics(TOPICS, 4);
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void everyQueryIsAnsweredExactlyOnceAndEveryBadRecordIsDeadLettered() throws Exception {
    Map<String, FrameSource> cameras = new HashMap<>();
    for (int i = 1; i <= 3; i++) {
      cameras.put("cam-" + i, new SimulatedCamera(SceneConfig.defaults(i)));
    }
    cameras.put(
        "cam-vtest",
        new ImageFolderCamera(Path.of(getClass().getResource("/vtest-frames").toURI()), false));

    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      FrameEncoding jpeg = FrameEncoding.jpeg(FrameEncoding.DEFAULT_JPEG_QUALITY);
      for (Map.Entry<String, FrameSource> camera : cameras.entrySet()) {
        Frame last = null;
        for (int n = 0; n < FRAMES; n++) {
          CapturedFrame captured = camera.getValue().next().orElseThrow();
          last = jpeg.toFrame(camera.getKey(), captured);
          sendFrame(producer, camera.getKey(), AvroCodec.frames().encode(last));
        }
        // Sent again after the camera's frames: dead-lettered as OUT_OF_ORDER once all of them
        // passed.
        sendFrame(producer, camera.getKey(), AvroCodec.frames().encode(last));
        camera.getValue().close();
      }
      sendFrame(producer, "cam-1", "not an avro record".getBytes(StandardCharsets.UTF_8));
      Frame good =
          jpeg.toFrame("cam-2", new SimulatedCamera(SceneConfig.defaults(2)).next().orElseThrow());
      byte[] jpegBytes = good.getData().array();
      Frame truncated =
          Frame.newBuilder(good)
              .setSeq(1000)
              .setData(ByteBuffer.wrap(Arrays.copyOf(jpegBytes, jpegBytes.length / 2)))
              .build();
      sendFrame(producer, "cam-2", AvroCodec.frames().encode(truncated));
      sendFrame(
          producer, "", AvroCodec.frames().encode(Frame.newBuilder(good).setCameraId("").build()));
      producer.flush();
    }

    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(
            FlinkSetup.configuration(Duration.ofMillis(500), null, "hashmap"));
    env.setParallelism(2);
    JobSettings settings =
        JobSettings.defaults(new ModelSpec(modelDir.toString(), "cpu"))
            .withCheckpointInterval(Duration.ofMillis(500))
            .withEveryFrameEncoded();
    FlinkSetup.enableCheckpointing(env, settings.checkpointInterval());
    KafkaConnections connections =
        new KafkaConnections(
            kafka.bootstrapServers(), new Properties(), TOPICS, "it-job", "it-job");
    StreamDyCokeJob.build(env, settings, connections);
    JobClient job = env.executeAsync("streamdycoke-it");
    try (KafkaConsumer<byte[], byte[]> deadLetterConsumer = readCommitted(TOPICS.deadLetters());
        KafkaConsumer<byte[], byte[]> answerConsumer = readCommitted(TOPICS.answers())) {
      // A camera's repeated frame is dead-lettered after its eight frames were merged, and the
      // checkpoint that commits that dead letter also covers their tokens in the answer operator.
      List<DeadLetter> deadLetters = new ArrayList<>();
      pollUntil(
          deadLetterConsumer,
          AvroCodec.deadLetters(),
          deadLetters,
          letters -> count(letters, "OUT_OF_ORDER") == 4 && letters.size() >= 7);

      try (KafkaProducer<byte[], byte[]> producer = producer()) {
        sendQuery(
            producer, query("q-all", "what is moving?", "cam-1", "cam-2", "cam-3", "cam-vtest"));
        sendQuery(producer, query("q-unknown", "anyone there?", "cam-nope"));
        sendQuery(producer, query("q-empty", "   ", "cam-1"));
        sendQuery(producer, query("q-long", "why ".repeat(2000), "cam-1"));
        producer.send(new ProducerRecord<>(TOPICS.queries(), new byte[] {1, 2, 3})).get();
      }
      List<Answer> answers = new ArrayList<>();
      pollUntil(answerConsumer, AvroCodec.answers(), answers, list -> list.size() >= 7);
      pollUntil(
          deadLetterConsumer, AvroCodec.deadLetters(), deadLetters, letters -> letters.size() >= 8);
      // Further checkpoints must not deliver anything twice.
      pollFor(answerConsumer, AvroCodec.answers(), answers, Duration.ofSeconds(3));

      Map<String, List<Answer>> byKey =
          answers.stream()
              .collect(Collectors.groupingBy(a -> a.getQueryId() + "/" + a.getCameraId()));
      assertEquals(7, answers.size(), "exactly one answer per query and camera: " + byKey.keySet());
      assertEquals(7, byKey.size());
      int keptPerCamera = 2 * 196 + 6 * (int) Math.floor(0.3 * 196);
      for (String camera : cameras.keySet()) {
        Answer a = byKey.get("q-all/" + camera).get(0);
        assertEquals(AnswerStatus.OK, a.getStatus(), camera + ": " + a.getError());
        assertNull(a.getError());
        assertEquals(FRAMES - 1, a.getAnsweredAtSeq(), camera);
        assertEquals(0, a.getFirstSeq(), camera);
        assertEquals(FRAMES - 1, a.getLastSeq(), camera);
        assertEquals(
            keptPerCamera,
            a.getVisualTokens(),
            camera + ": every frame merged into the cache, none lost");
      }
      assertEquals(AnswerStatus.NO_FRAMES, byKey.get("q-unknown/cam-nope").get(0).getStatus());
      assertEquals(AnswerStatus.REJECTED, byKey.get("q-empty/cam-1").get(0).getStatus());
      Answer tooLong = byKey.get("q-long/cam-1").get(0);
      assertEquals(AnswerStatus.REJECTED, tooLong.getStatus());
      assertTrue(
          tooLong.getQuestion().length() < 300, "an over-long question is not echoed back whole");

      assertEquals(
          8,
          deadLetters.size(),
          deadLetters.stream().map(DeadLetter::getReason).toList().toString());
      assertEquals(4, count(deadLetters, "OUT_OF_ORDER"));
      assertEquals(2, count(deadLetters, "NOT_AVRO"));
      assertEquals(1, count(deadLetters, "CORRUPT_IMAGE"));
      assertEquals(1, count(deadLetters, "EMPTY_CAMERA_ID"));
      for (DeadLetter letter : deadLetters) {
        assertTrue(letter.getSourceOffset() >= 0);
        assertTrue(
            letter.getSourceTopic().equals(TOPICS.frames())
                || letter.getSourceTopic().equals(TOPICS.queries()));
      }
    } finally {
      job.cancel().get();
    }
  }

  private static long count(List<DeadLetter> letters, String category) {
    return letters.stream().filter(l -> l.getReason().startsWith(category + ":")).count();
  }

  private static Query query(String id, String question, String... cameras) {
    return Query.newBuilder()
        .setQueryId(id)
        .setCameraIds(List.of(cameras))
        .setQuestion(question)
        .setIssuedAt(Instant.now())
        .setMaxNewTokens(4)
        .setDeadline(null)
        .build();
  }

  private static void sendFrame(KafkaProducer<byte[], byte[]> producer, String camera, byte[] value)
      throws Exception {
    KafkaTestClients.send(producer, TOPICS.frames(), camera, value);
  }

  private static void sendQuery(KafkaProducer<byte[], byte[]> producer, Query query)
      throws Exception {
    KafkaTestClients.sendQuery(producer, TOPICS.queries(), query);
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    return KafkaTestClients.producer(KafkaTestClients.client(kafka.bootstrapServers()));
  }

  private static KafkaConsumer<byte[], byte[]> readCommitted(String topic) {
    return KafkaTestClients.readCommitted(KafkaTestClients.client(kafka.bootstrapServers()), topic);
  }
}
