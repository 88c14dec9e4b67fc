package dev.streamdycoke.cli.faults;

import static dev.streamdycoke.job.testing.KafkaTestClients.pollFor;
import static dev.streamdycoke.job.testing.KafkaTestClients.pollUntil;
import static dev.streamdycoke.job.testing.KafkaTestClients.sendFrame;
import static dev.streamdycoke.job.testing.KafkaTestClients.sendQuery;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures with queries in flight: an injected task failure (the answers sink fails while one
 * answer sits in its open transaction and frames are still arriving), and the loss of the
 * MiniCluster's only TaskManager (a new one starts in its place). After the restore from the last
 * checkpoint, every query has exactly one answer per camera on read_committed, the dead letters are
 * exactly once too, and each camera's cache holds the checkpoint's frames plus the replayed ones,
 * each merged once. (A TaskManager process killed on the local standalone cluster is tested with
 * that cluster.)
 */
class FailureRecoveryITCase {
  private static final List<String> CAMERAS = List.of("cam-1", "cam-2", "cam-3");
  private static final int FRAMES = 10;
  private static final int BEFORE_FAILURE = 6;

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.oneTaskManager(2);

  @TempDir static Path modelDir;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    TinyCheckpointWriter.writeTiny(modelDir);
    kafka = EmbeddedKafka.builder().build().start();
  }

  @AfterAll
  static void stopKafka() {
    FailingSerializer.disarm();
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void aTaskFailureWithQueriesInFlightLosesAndDuplicatesNothing() throws Exception {
    int failuresBefore = FailingSerializer.failures();
    Scenario run = new Scenario("sink-failure", true);
    // One answer of q-during gets into the open transaction, the next fails the task.
    run.execute(() -> FailingSerializer.armAfter(1), () -> {});
    assertEquals(failuresBefore + 1, FailingSerializer.failures(), "the injected failure happened");
    run.verify();
  }

  @Test
  void losingTheTaskManagerWithQueriesInFlightLosesAndDuplicatesNothing(
      @InjectMiniCluster MiniCluster cluster) throws Exception {
    Scenario run = new Scenario("taskmanager-loss", false);
    run.execute(
        () -> {},
        () -> {
          // Every task of the job runs on TaskManager 0; a new one brings the slots back.
          cluster.terminateTaskManager(0).get();
          cluster.startTaskManager();
        });
    run.verify();
  }

  /** Frames, a checkpointed cache, queries around a fault, and what must come out of it. */
  private static final class Scenario {
    private final Topics topics;
    private final String name;
    private final boolean failingSink;
    private final List<Answer> answers = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();

    Scenario(String name, boolean failingSink) {
      this.name = name;
      this.failingSink = failingSink;
      this.topics =
          new Topics(name + "-frames", name + "-queries", name + "-answers", name + "-deadletter");
      kafka.createJobTopics(topics, 2);
    }

    /**
     * @param beforeQuery runs just before q-during is sent
     * @param afterQuery runs once q-during and the later frames are on the broker
     */
    void execute(ThrowingRunnable beforeQuery, ThrowingRunnable afterQuery) throws Exception {
      Map<String, List<Frame>> frames = new TreeMap<>();
      for (int i = 0; i < CAMERAS.size(); i++) {
        frames.put(CAMERAS.get(i), TestCameras.frames(CAMERAS.get(i), i + 1, FRAMES));
      }
      Properties client = new Properties();
      client.put("bootstrap.servers", kafka.bootstrapServers());
      KafkaConnections connections =
          new KafkaConnections(kafka.bootstrapServers(), new Properties(), topics, name, name);
      JobClient job =
          FaultTestJob.start(
              modelDir,
              connections,
              failingSink
                  ? connections.answersSink(FailingSerializer::new)
                  : connections.answersSink(),
              name);
      try (KafkaProducer<byte[], byte[]> producer = KafkaTestClients.producer(client);
          KafkaConsumer<byte[], byte[]> answerReader =
              KafkaTestClients.readCommitted(client, topics.answers());
          KafkaConsumer<byte[], byte[]> deadLetterReader =
              KafkaTestClients.readCommitted(client, topics.deadLetters())) {
        // Frames 0-5, then frame 5 again: its OUT_OF_ORDER dead letter is committed by a checkpoint
        // that also holds frames 0-5 in every camera's cache.
        sendFrames(producer, frames, 0, BEFORE_FAILURE);
        sendFrames(producer, frames, BEFORE_FAILURE - 1, BEFORE_FAILURE);
        pollUntil(
            deadLetterReader,
            AvroCodec.deadLetters(),
            deadLetters,
            l -> l.size() >= CAMERAS.size());

        sendQuery(
            producer, topics.queries(), TestCameras.query("q-before", "what is moving?", CAMERAS));
        pollUntil(answerReader, AvroCodec.answers(), answers, a -> a.size() >= CAMERAS.size());

        beforeQuery.run();
        sendQuery(
            producer, topics.queries(), TestCameras.query("q-during", "what is moving?", CAMERAS));
        sendFrames(producer, frames, BEFORE_FAILURE, FRAMES);
        afterQuery.run();
        pollUntil(answerReader, AvroCodec.answers(), answers, a -> a.size() >= 2 * CAMERAS.size());

        // The last frame again marks the point where every camera merged all its frames.
        sendFrames(producer, frames, FRAMES - 1, FRAMES);
        pollUntil(
            deadLetterReader,
            AvroCodec.deadLetters(),
            deadLetters,
            l -> l.size() >= 2 * CAMERAS.size());
        sendQuery(
            producer, topics.queries(), TestCameras.query("q-after", "what is moving?", CAMERAS));
        pollUntil(answerReader, AvroCodec.answers(), answers, a -> a.size() >= 3 * CAMERAS.size());
        // Later checkpoints must not deliver anything again.
        pollFor(answerReader, AvroCodec.answers(), answers, Duration.ofSeconds(3));
        pollFor(deadLetterReader, AvroCodec.deadLetters(), deadLetters, Duration.ofSeconds(1));
        assertEquals(JobStatus.RUNNING, job.getJobStatus().get());
      } finally {
        FailingSerializer.disarm();
        job.cancel().get();
      }
    }

    private void sendFrames(
        KafkaProducer<byte[], byte[]> producer, Map<String, List<Frame>> frames, int from, int to)
        throws Exception {
      for (int seq = from; seq < to; seq++) {
        for (List<Frame> camera : frames.values()) {
          sendFrame(producer, topics.frames(), camera.get(seq));
        }
      }
    }

    void verify() {
      Map<String, List<Answer>> byKey =
          answers.stream()
              .collect(
                  Collectors.groupingBy(
                      a -> a.getQueryId() + "/" + a.getCameraId(),
                      TreeMap::new,
                      Collectors.toList()));
      assertEquals(
          3 * CAMERAS.size(), byKey.size(), "one answer per query and camera: " + byKey.keySet());
      assertEquals(3 * CAMERAS.size(), answers.size(), "no duplicates: " + byKey.keySet());
      for (String camera : CAMERAS) {
        Answer before = byKey.get("q-before/" + camera).get(0);
        assertCacheHolds(before, BEFORE_FAILURE);
        Answer during = byKey.get("q-during/" + camera).get(0);
        // Answered after the restore: at least what the checkpoint held, plus any replayed frames.
        assertTrue(
            during.getAnsweredAtSeq() >= BEFORE_FAILURE - 1, camera + " lost frames: " + during);
        assertCacheHolds(during, during.getAnsweredAtSeq() + 1);
        assertCacheHolds(byKey.get("q-after/" + camera).get(0), FRAMES);
      }
      Map<String, Long> outOfOrder =
          deadLetters.stream()
              .peek(l -> assertTrue(l.getReason().startsWith("OUT_OF_ORDER: "), l.getReason()))
              .collect(
                  Collectors.groupingBy(
                      l -> l.getSourcePartition() + "@" + l.getSourceOffset(),
                      Collectors.counting()));
      assertEquals(2 * CAMERAS.size(), outOfOrder.size(), "dead letters: " + outOfOrder);
      assertTrue(
          outOfOrder.values().stream().allMatch(n -> n == 1),
          "dead letters exactly once: " + outOfOrder);
    }
  }

  /** Runs a step that may throw. */
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  /** The answer saw frames 0 to count - 1 of its camera, each merged exactly once. */
  private static void assertCacheHolds(Answer answer, long count) {
    String what = answer.getQueryId() + "/" + answer.getCameraId();
    assertEquals(AnswerStatus.OK, answer.getStatus(), what + ": " + answer.getError());
    assertEquals(count - 1, answer.getAnsweredAtSeq(), what);
    assertEquals(0, answer.getFirstSeq(), what);
    assertEquals(count - 1, answer.getLastSeq(), what);
    assertEquals(
        TestCameras.tokensAfter(count),
        answer.getVisualTokens(),
        what + ": tokens of " + count + " frames");
  }
}
