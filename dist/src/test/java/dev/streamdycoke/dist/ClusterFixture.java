package dev.streamdycoke.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamdycoke.cli.StreamDyCokeCli;
import dev.streamdycoke.cli.cameras.FrameEncoding;
import dev.streamdycoke.cli.cameras.SimulatedCamera;
import dev.streamdycoke.cli.cluster.FlinkDistribution;
import dev.streamdycoke.cli.cluster.FlinkRestClient;
import dev.streamdycoke.cli.cluster.LocalClusterConfig;
import dev.streamdycoke.cli.cluster.LocalFlinkCluster;
import dev.streamdycoke.cli.kafka.EmbeddedKafka;
import dev.streamdycoke.job.Topics;
import dev.streamdycoke.job.testing.KafkaTestClients;
import dev.streamdycoke.model.checkpoint.TinyCheckpointWriter;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.Query;
import dev.streamdycoke.simulator.scene.SceneConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * What the cluster ITCases share: the tiny checkpoint, the embedded broker and a local session
 * cluster started from the build's layout, and the user's side of the job (the command line,
 * simulated cameras sending frames, queries, and an answers reader with read_committed). Closing it
 * stops the cluster's processes and the broker.
 */
final class ClusterFixture implements AutoCloseable {
  static final Duration ANSWER_WAIT = Duration.ofSeconds(120);

  private final Path work;
  private final Path model;
  private final EmbeddedKafka kafka;
  private final LocalFlinkCluster cluster;
  private final Map<String, SimulatedCamera> cameras = new HashMap<>();
  private final List<String> sentQueries = new ArrayList<>();
  private int queries;

  private ClusterFixture(Path work, Path model, EmbeddedKafka kafka, LocalFlinkCluster cluster) {
    this.work = work;
    this.model = model;
    this.kafka = kafka;
    this.cluster = cluster;
  }

  /**
   * Writes the tiny checkpoint, starts the broker and a cluster of 2 slots and 2g under {@code
   * work}.
   *
   * @param settings adds to the cluster's settings (restart strategy, heartbeats)
   */
  static ClusterFixture start(Path work, UnaryOperator<LocalClusterConfig> settings) {
    Path model = TinyCheckpointWriter.writeTiny(work.resolve("model"));
    EmbeddedKafka kafka = EmbeddedKafka.builder().build().start();
    try {
      LocalClusterConfig config =
          settings.apply(new LocalClusterConfig(work.resolve("cluster"), 0, 0, 2, "2g"));
      LocalFlinkCluster cluster =
          LocalFlinkCluster.start(FlinkDistribution.locate(null), config, true);
      return new ClusterFixture(work, model, kafka, cluster);
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
  }

  LocalFlinkCluster cluster() {
    return cluster;
  }

  FlinkRestClient rest() {
    return cluster.rest();
  }

  Path work() {
    return work;
  }

  /** Ids of every query sent through {@link #ask}, in order. */
  List<String> sentQueries() {
    return List.copyOf(sentQueries);
  }

  /** On failure, the tail of every cluster log: the cause is usually in the TaskManager's. */
  static TestWatcher logsOnFailure(java.util.function.Supplier<ClusterFixture> fixture) {
    return new TestWatcher() {
      @Override
      public void testFailed(ExtensionContext context, Throwable cause) {
        ClusterFixture f = fixture.get();
        if (f != null) {
          f.printLogs();
        }
      }
    };
  }

  private void printLogs() {
    System.err.println("cluster logs in " + cluster.logDir());
    try (Stream<Path> logs = Files.list(cluster.logDir())) {
      for (Path log : logs.sorted().toList()) {
        List<String> lines = Files.readAllLines(log);
        System.err.println("==== " + log + " (last 60 lines)");
        lines.subList(Math.max(0, lines.size() - 60), lines.size()).forEach(System.err::println);
      }
    } catch (IOException e) {
      System.err.println("cannot read the logs: " + e);
    }
  }

  /** Runs the command line as a user would, and returns what it printed. */
  static List<String> cli(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int code;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      code = StreamDyCokeCli.execute(args);
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    System.out.print(out);
    assertEquals(0, code, "streamdycoke " + String.join(" ", args) + "\n" + out);
    return out.lines().toList();
  }

  /** Creates the job's four topics, named with the prefix; frames get 2 partitions. */
  Topics topics(String prefix) {
    Topics topics =
        new Topics(
            prefix + "frames", prefix + "queries", prefix + "answers", prefix + "deadletter");
    kafka.createJobTopics(topics, 2);
    return topics;
  }

  /**
   * Submits the job with {@code streamdycoke submit} (checkpoints every second to a folder under
   * the work folder), and waits until it runs.
   *
   * @param savepoint to resume from, or null
   * @param options more options of {@code submit}, e.g. a state backend
   * @return the job id
   */
  String submit(Topics topics, String name, String savepoint, String... options) {
    List<String> command =
        new ArrayList<>(List.of("submit", "--cluster-home", cluster.home().toString()));
    command.addAll(List.of(options));
    if (savepoint != null) {
      command.addAll(List.of("--from-savepoint", savepoint));
    }
    command.addAll(
        List.of(
            "--model",
            model.toString(),
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "--frames-topic",
            topics.frames(),
            "--queries-topic",
            topics.queries(),
            "--answers-topic",
            topics.answers(),
            "--deadletter-topic",
            topics.deadLetters(),
            "--group-id",
            "it-" + name,
            "--transactional-id-prefix",
            "it-" + name,
            "--checkpoint-interval",
            "1s",
            // The ITs count frames and answers exactly: every frame encoded, none shed.
            "--change-threshold",
            "0",
            "--max-frame-age",
            "0s",
            "--state-dir",
            work.resolve("checkpoints").toUri().toString(),
            "--job-name",
            "streamdycoke-" + name));
    List<String> out = cli(command.toArray(String[]::new));
    String job = out.get(out.size() - 1);
    rest().awaitState(job, "RUNNING", Duration.ofSeconds(60));
    return job;
  }

  /**
   * Sends the next {@code count} frames of a simulated camera (the same seed gives the same frames,
   * so two cameras of one seed see the same scene).
   */
  void sendFrames(Topics topics, String camera, long seed, int count) throws Exception {
    FrameEncoding jpeg = FrameEncoding.jpeg(FrameEncoding.DEFAULT_JPEG_QUALITY);
    SimulatedCamera simulated =
        cameras.computeIfAbsent(camera, c -> new SimulatedCamera(SceneConfig.defaults(seed)));
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (int n = 0; n < count; n++) {
        byte[] frame =
            AvroCodec.frames().encode(jpeg.toFrame(camera, simulated.next().orElseThrow()));
        producer
            .send(
                new ProducerRecord<>(
                    topics.frames(), camera.getBytes(StandardCharsets.UTF_8), frame))
            .get();
      }
    }
  }

  /** Sends one query to one camera without waiting for its answer; returns its id. */
  String ask(Topics topics, String camera) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      return ask(producer, topics, camera);
    }
  }

  private String ask(KafkaProducer<byte[], byte[]> producer, Topics topics, String camera)
      throws Exception {
    String id = "q-" + (++queries);
    Query query =
        Query.newBuilder()
            .setQueryId(id)
            .setCameraIds(List.of(camera))
            .setQuestion("what is moving?")
            .setIssuedAt(Instant.now())
            .setMaxNewTokens(2)
            .setDeadline(null)
            .build();
    producer
        .send(
            new ProducerRecord<>(
                topics.queries(),
                id.getBytes(StandardCharsets.UTF_8),
                AvroCodec.queries().encode(query)))
        .get();
    sentQueries.add(id);
    return id;
  }

  /**
   * Asks the camera until an answer covers the given frame: frames reach the cache asynchronously,
   * and an answer is visible once the checkpoint after it completes.
   *
   * @param failOnException fail at once when the job has recorded an exception (it restarts, and
   *     does not answer meanwhile); false for a test that crashes the job on purpose
   */
  Answer askUntilAnsweredAt(
      String job, Topics topics, String camera, long seq, boolean failOnException)
      throws Exception {
    long deadline = System.nanoTime() + ANSWER_WAIT.toNanos();
    List<Answer> seen = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = producer();
        KafkaConsumer<byte[], byte[]> answers = readCommitted(topics.answers())) {
      while (System.nanoTime() < deadline) {
        if (failOnException) {
          failOnJobException(job);
        }
        String id = ask(producer, topics, camera);
        long answerDeadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < answerDeadline) {
          for (ConsumerRecord<byte[], byte[]> record : answers.poll(Duration.ofMillis(200))) {
            Answer answer = AvroCodec.answers().decode(record.value());
            seen.add(answer);
            if (answer.getQueryId().equals(id)) {
              if (answer.getAnsweredAtSeq() == seq) {
                return answer;
              }
              answerDeadline = 0; // answered, but not yet at that frame: ask again
            }
          }
        }
      }
    }
    throw new AssertionError(
        camera + " not answered at frame " + seq + " within " + ANSWER_WAIT + "; answers: " + seen);
  }

  /** A job that failed or restarts does not answer: say why at once instead of timing out. */
  private void failOnJobException(String job) {
    String root = rest().rootException(job);
    if (!root.equals("(no exception recorded)")) {
      throw new AssertionError(
          "job " + job + " is " + rest().jobState(job) + " after an exception:\n" + root);
    }
  }

  /** Every committed answer on the topic (read_committed), after a few quiet seconds. */
  List<Answer> readAll(Topics topics) throws Exception {
    List<Answer> all = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = readCommitted(topics.answers())) {
      long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          all.add(AvroCodec.answers().decode(record.value()));
        }
      }
    }
    return all;
  }

  private KafkaProducer<byte[], byte[]> producer() {
    return KafkaTestClients.producer(KafkaTestClients.client(kafka.bootstrapServers()));
  }

  private KafkaConsumer<byte[], byte[]> readCommitted(String topic) {
    return KafkaTestClients.readCommitted(KafkaTestClients.client(kafka.bootstrapServers()), topic);
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } finally {
      kafka.close();
    }
  }
}
