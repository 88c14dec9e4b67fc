package dev.streamdycoke.cli.faults;

import static dev.streamdycoke.job.testing.KafkaTestClients.pollFor;
import static dev.streamdycoke.job.testing.KafkaTestClients.pollUntil;
import static dev.streamdycoke.job.testing.KafkaTestClients.sendFrame;
import static dev.streamdycoke.job.testing.KafkaTestClients.sendQuery;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamdycoke.cli.kafka.EmbeddedKafka;
import dev.streamdycoke.cli.testing.MiniClusters;
import dev.streamdycoke.job.Topics;
import dev.streamdycoke.job.io.KafkaConnections;
import dev.streamdycoke.job.testing.KafkaTestClients;
import dev.streamdycoke.model.checkpoint.TinyCheckpointWriter;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.DeadLetter;
import dev.streamdycoke.schemas.Frame;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stops mid-stream and comes back on the same port and log dir: the job reconnects (or
 * fails over and restores, whichever its clients run into), catches up with what was produced after
 * the restart, and every query still has exactly one answer per camera, from caches that hold every
 * frame once.
 */
class BrokerRestartITCase {
  private static final Topics TOPICS = Topics.defaults();
  private static final List<String> CAMERAS = List.of("cam-1", "cam-2");
  private static final int FRAMES = 10;
  private static final int BEFORE_RESTART = 5;

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.oneTaskManager(2);

  @TempDir static Path modelDir;
  @TempDir static Path brokerDir;

  @Test
  void theJobCatchesUpAfterTheBrokerRestartsAndLosesNothing() throws Exception {
    TinyCheckpointWriter.writeTiny(modelDir);
    Map<String, List<Frame>> frames = new TreeMap<>();
    for (int i = 0; i < CAMERAS.size(); i++) {
      frames.put(CAMERAS.get(i), TestCameras.frames(CAMERAS.get(i), i + 1, FRAMES));
    }
    EmbeddedKafka kafka = EmbeddedKafka.builder().logDir(brokerDir).build().start();
    String bootstrap = kafka.bootstrapServers();
    int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
    kafka.createJobTopics(TOPICS, 2);
    Properties client = new Properties();
    client.put("bootstrap.servers", bootstrap);
    KafkaConnections connections =
        new KafkaConnections(bootstrap, new Properties(), TOPICS, "restart-it", "restart-it");
    JobClient job = FaultTestJob.start(modelDir, connections, "streamdycoke-broker-restart-it");
    List<Answer> answers = new ArrayList<>();
    List<DeadLetter> deadLetters = new ArrayList<>();
    try {
      try (KafkaProducer<byte[], byte[]> producer = KafkaTestClients.producer(client);
          KafkaConsumer<byte[], byte[]> answerReader =
              KafkaTestClients.readCommitted(client, TOPICS.answers());
          KafkaConsumer<byte[], byte[]> deadLetterReader =
              KafkaTestClients.readCommitted(client, TOPICS.deadLetters())) {
        sendFrames(producer, frames, 0, BEFORE_RESTART);
        sendFrames(producer, frames, BEFORE_RESTART - 1, BEFORE_RESTART);
        pollUntil(
            deadLetterReader,
            AvroCodec.deadLetters(),
            deadLetters,
            l -> l.size() >= CAMERAS.size());
        sendQuery(
            producer, TOPICS.queries(), TestCameras.query("q-before", "what is moving?", CAMERAS));
        pollUntil(answerReader, AvroCodec.answers(), answers, a -> a.size() >= CAMERAS.size());
      }

      kafka.close();
      // Long enough for the job's consumers, producers and a checkpoint or two to notice.
      Thread.sleep(3_000);
      kafka = EmbeddedKafka.builder().logDir(brokerDir).port(port).build().start();

      try (KafkaProducer<byte[], byte[]> producer = KafkaTestClients.producer(client);
          KafkaConsumer<byte[], byte[]> answerReader =
              KafkaTestClients.readCommitted(client, TOPICS.answers());
          KafkaConsumer<byte[], byte[]> deadLetterReader =
              KafkaTestClients.readCommitted(client, TOPICS.deadLetters())) {
        // Fresh readers (same groups) read everything again: start the lists over.
        answers.clear();
        deadLetters.clear();
        sendFrames(producer, frames, BEFORE_RESTART, FRAMES);
        sendFrames(producer, frames, FRAMES - 1, FRAMES);
        pollUntil(
            deadLetterReader,
            AvroCodec.deadLetters(),
            deadLetters,
            l -> l.size() >= 2 * CAMERAS.size());
        sendQuery(
            producer, TOPICS.queries(), TestCameras.query("q-after", "what is moving?", CAMERAS));
        pollUntil(answerReader, AvroCodec.answers(), answers, a -> a.size() >= 2 * CAMERAS.size());
        pollFor(answerReader, AvroCodec.answers(), answers, Duration.ofSeconds(3));
        pollFor(deadLetterReader, AvroCodec.deadLetters(), deadLetters, Duration.ofSeconds(1));
      }
      assertEquals(JobStatus.RUNNING, job.getJobStatus().get());
    } finally {
      job.cancel().get();
      kafka.close();
    }

    Map<String, List<Answer>> byKey =
        answers.stream()
            .collect(
                Collectors.groupingBy(
                    a -> a.getQueryId() + "/" + a.getCameraId(),
                    TreeMap::new,
                    Collectors.toList()));
    assertEquals(
        2 * CAMERAS.size(), answers.size(), "one answer per query and camera: " + byKey.keySet());
    for (String camera : CAMERAS) {
      assertCacheHolds(byKey.get("q-before/" + camera).get(0), BEFORE_RESTART);
      assertCacheHolds(byKey.get("q-after/" + camera).get(0), FRAMES);
    }
    assertEquals(
        2 * CAMERAS.size(),
        deadLetters.size(),
        "the two OUT_OF_ORDER markers per camera, once each");
  }

  private static void assertCacheHolds(Answer answer, long count) {
    String what = answer.getQueryId() + "/" + answer.getCameraId();
    assertEquals(AnswerStatus.OK, answer.getStatus(), what + ": " + answer.getError());
    assertEquals(count - 1, answer.getAnsweredAtSeq(), what);
    assertEquals(0, answer.getFirstSeq(), what);
    assertEquals(
        TestCameras.tokensAfter(count),
        answer.getVisualTokens(),
        what + ": tokens of " + count + " frames");
  }

  private static void sendFrames(
      KafkaProducer<byte[], byte[]> producer, Map<String, List<Frame>> frames, int from, int to)
      throws Exception {
    for (int seq = from; seq < to; seq++) {
      for (List<Frame> camera : frames.values()) {
        sendFrame(producer, TOPICS.frames(), camera.get(seq));
      }
    }
  }
}
