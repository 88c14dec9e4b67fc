package dev.streamdycoke.cli.faults;

import static dev.streamdycoke.job.testing.KafkaTestClients.pollFor;
import static dev.streamdycoke.job.testing.KafkaTestClients.pollUntil;
import static dev.streamdycoke.job.testing.KafkaTestClients.send;
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
import dev.streamdycoke.schemas.Frame;
import dev.streamdycoke.schemas.Query;
import dev.streamdycoke.schemas.StandingEmit;
import dev.streamdycoke.schemas.StandingSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standing questions on three cameras through the real broker and transactional sink, run twice:
 * once undisturbed and once with the answers sink failing between events. The committed events
 * (read_committed) of the two runs are the same, one for one: none emitted twice, none skipped.
 */
class StandingQuestionsITCase {
  private static final List<String> CAMERAS = List.of("cam-1", "cam-2", "cam-3");

  /** Frames 1..9 after the warm-up frame 0; ten frames stay below the cache's capacity. */
  private static final int FRAMES = 10;

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
  void aFailureBetweenEventsNeitherRepeatsNorSkipsACommittedEvent() throws Exception {
    List<String> undisturbed = run("standing-clean", false);
    int failuresBefore = FailingSerializer.failures();
    List<String> failed = run("standing-failure", true);
    assertEquals(failuresBefore + 1, FailingSerializer.failures(), "the injected failure happened");
    assertTrue(undisturbed.size() >= 8, undisturbed.toString());
    assertEquals(undisturbed, failed);
  }

  /** The committed events and final answers of one run, in a stable order. */
  private static List<String> run(String name, boolean failing) throws Exception {
    Topics topics =
        new Topics(name + "-frames", name + "-queries", name + "-answers", name + "-deadletter");
    kafka.createJobTopics(topics, 2);
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
            failing ? connections.answersSink(FailingSerializer::new) : connections.answersSink(),
            name);
    List<Answer> answers = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = KafkaTestClients.producer(client);
        KafkaConsumer<byte[], byte[]> reader =
            KafkaTestClients.readCommitted(client, topics.answers())) {
      // Frame 0 of every camera reaches the answer operator before the questions exist, so every
      // run starts them on the same frame (the first frame of a camera races its registration).
      sendFrames(producer, topics, frames, 0, 1);
      barrier(producer, topics, reader, answers, "barrier-frames");
      sendQuery(
          producer,
          topics.queries(),
          standing(
              "every-2nd",
              List.of("cam-1", "cam-2"),
              StandingSpec.newBuilder().setEmit(StandingEmit.EVERY).setEveryFrames(2).build()));
      sendQuery(
          producer,
          topics.queries(),
          standing("any-change", List.of("*"), StandingSpec.newBuilder().build()));
      barrier(producer, topics, reader, answers, "barrier-questions");
      // Two checkpoints (500 ms apart) hold the registrations before anything can fail.
      pollFor(reader, AvroCodec.answers(), answers, Duration.ofSeconds(2));
      if (failing) {
        // Two events get into the open transaction, the third fails the task.
        FailingSerializer.armAfter(2);
      }
      sendFrames(producer, topics, frames, 1, FRAMES);
      // every-2nd: frames 2, 4, 6, 8 on two cameras.
      pollUntil(
          reader,
          AvroCodec.answers(),
          answers,
          a -> a.stream().filter(x -> x.getQueryId().equals("every-2nd")).count() >= 8);
      send(producer, topics.queries(), "any-change", null);
      send(producer, topics.queries(), "every-2nd", null);
      pollUntil(
          reader,
          AvroCodec.answers(),
          answers,
          a ->
              a.stream()
                      .filter(
                          x ->
                              x.getStatus() == AnswerStatus.CANCELLED
                                  && x.getCameraId().equals("*"))
                      .count()
                  >= 2);
      // Later checkpoints must not deliver anything again.
      pollFor(reader, AvroCodec.answers(), answers, Duration.ofSeconds(3));
      assertEquals(JobStatus.RUNNING, job.getJobStatus().get());
    } finally {
      FailingSerializer.disarm();
      job.cancel().get();
    }
    List<String> events = new ArrayList<>();
    for (Answer a : answers) {
      if (a.getQueryId().startsWith("barrier-")) {
        continue;
      }
      events.add(
          a.getQueryId()
              + "/"
              + a.getCameraId()
              + " "
              + a.getStatus()
              + " #"
              + a.getEventNumber()
              + " seq "
              + (a.getStatus() == AnswerStatus.OK ? a.getAnsweredAtSeq() : -1)
              + " '"
              + a.getAnswer()
              + "' after '"
              + a.getPreviousAnswer()
              + "'");
    }
    events.sort(null);
    return events;
  }

  private static Query standing(String id, List<String> cameras, StandingSpec spec) {
    return Query.newBuilder(TestCameras.query(id, "what is moving?", cameras))
        .setStanding(spec)
        .build();
  }

  /**
   * Asks every camera a one-shot question until all answer from frames: everything sent before it
   * has then reached the answer operator. (No eviction happens within {@link #FRAMES} frames, so
   * how many tries it takes does not change later answers.)
   */
  private static void barrier(
      KafkaProducer<byte[], byte[]> producer,
      Topics topics,
      KafkaConsumer<byte[], byte[]> reader,
      List<Answer> answers,
      String id)
      throws Exception {
    for (int attempt = 0; ; attempt++) {
      String attemptId = id + "-" + attempt;
      sendQuery(
          producer, topics.queries(), TestCameras.query(attemptId, "what is moving?", CAMERAS));
      pollUntil(
          reader,
          AvroCodec.answers(),
          answers,
          a -> a.stream().filter(x -> x.getQueryId().equals(attemptId)).count() >= CAMERAS.size());
      if (answers.stream()
          .filter(x -> x.getQueryId().equals(attemptId))
          .allMatch(x -> x.getStatus() == AnswerStatus.OK)) {
        return;
      }
      Thread.sleep(500);
    }
  }

  private static void sendFrames(
      KafkaProducer<byte[], byte[]> producer,
      Topics topics,
      Map<String, List<Frame>> frames,
      int from,
      int to)
      throws Exception {
    for (int seq = from; seq < to; seq++) {
      for (List<Frame> camera : frames.values()) {
        sendFrame(producer, topics.frames(), camera.get(seq));
      }
    }
  }
}
