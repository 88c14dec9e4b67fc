package dev.streamdycoke.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.job.Topics;
import dev.streamdycoke.job.cameras.FrameEncoding;
import dev.streamdycoke.job.cameras.SimulatedCamera;
import dev.streamdycoke.job.cameras.scene.SceneConfig;
import dev.streamdycoke.job.cli.StreamDyCokeCli;
import dev.streamdycoke.job.cluster.FlinkDistribution;
import dev.streamdycoke.job.cluster.FlinkRestClient;
import dev.streamdycoke.job.cluster.LocalClusterConfig;
import dev.streamdycoke.job.cluster.LocalFlinkCluster;
import dev.streamdycoke.job.kafka.EmbeddedKafka;
import dev.streamdycoke.model.checkpoint.TinyCheckpointWriter;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.Query;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar on a real Flink session cluster (JobManager and TaskManager in their own JVMs, from
 * the build's cluster layout) against the embedded broker, driven with the command a user runs
 * ({@code submit}, {@code savepoint}, {@code cancel}, {@code cluster status}): a first submission, then a second one on the same TaskManager (DJL's native libraries must
 * come from lib/, or this one fails with "already loaded in another classloader"), a savepoint,
 * a cancel, frames sent while the job is down, and a resume from the savepoint that still has every
 * camera's token cache.
 */
class LocalClusterITCase {
  private static final Duration ANSWER_WAIT = Duration.ofSeconds(120);
  private static final String[] CAMERAS = {"cam-1", "cam-2"};

  @TempDir static Path work;
  private static EmbeddedKafka kafka;
  private static LocalFlinkCluster cluster;
  private static FlinkRestClient rest;
  private static Path model;

  /** On failure, the tail of every cluster log: the cause is usually in the TaskManager's. */
  @RegisterExtension
  static final TestWatcher LOGS_ON_FAILURE = new TestWatcher() {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      if (cluster == null) {
        return;
      }
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
  };

  private final Map<String, SimulatedCamera> cameras = new LinkedHashMap<>();
  private int queries;

  @BeforeAll
  static void startKafkaAndCluster() {
    model = TinyCheckpointWriter.writeTiny(work.resolve("model"));
    kafka = EmbeddedKafka.builder().build().start();
    FlinkDistribution dist = FlinkDistribution.locate(null);
    cluster = LocalFlinkCluster.start(dist, new LocalClusterConfig(work.resolve("cluster"), 0, 0, 2, "2g"), true);
    rest = cluster.rest();
  }

  @AfterAll
  static void stopAll() {
    if (cluster != null) {
      cluster.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void secondSubmissionRunsAndSavepointKeepsTheCamerasCaches() throws Exception {
    // First submission, on topics of its own.
    Topics first = topics("first-");
    String firstJob = submit(first, "first", null);
    sendFrames(first, "first-", 4);
    Answer firstAnswer = askUntilAnsweredAt(firstJob, first, "first-cam-1", 3);
    assertEquals(AnswerStatus.OK, firstAnswer.getStatus(), firstAnswer.getError());
    rest.cancel(firstJob);
    rest.awaitState(firstJob, "CANCELED", Duration.ofSeconds(60));

    // Second submission in a row, on the same TaskManager JVM.
    Topics main = topics("");
    String job = submit(main, "main", null);
    sendFrames(main, "", 4);
    Map<String, Answer> before = new LinkedHashMap<>();
    for (String camera : CAMERAS) {
      before.put(camera, askUntilAnsweredAt(job, main, camera, 3));
    }

    List<String> savepointOut = cli("savepoint", job, "--dir", work.resolve("savepoints").toUri().toString(),
        "--cluster-home", cluster.home().toString());
    String savepoint = savepointOut.get(savepointOut.size() - 1);
    assertTrue(savepoint.startsWith("file:"), savepoint);
    cli("cancel", job, "--cluster-home", cluster.home().toString());
    assertEquals("CANCELED", rest.jobState(job));
    // Frames keep coming while the job is down; the resumed job reads them from the savepoint's offsets.
    sendFrames(main, "", 4);

    String resumed = submit(main, "main", savepoint);
    for (String camera : CAMERAS) {
      Answer b = before.get(camera);
      Answer a = askUntilAnsweredAt(resumed, main, camera, 7);
      assertEquals(AnswerStatus.OK, a.getStatus(), a.getError());
      assertEquals(AnswerStatus.OK, b.getStatus(), b.getError());
      assertEquals(0, b.getFirstSeq(), camera);
      // The cache still starts at frame 0: the frames merged before the savepoint were restored,
      // and the new ones added to them (a fresh cache would start at frame 4 with fewer tokens).
      assertEquals(0, a.getFirstSeq(), camera + ": cache restored from the savepoint");
      assertEquals(7, a.getLastSeq(), camera);
      System.out.printf("%s: before the savepoint frames %d-%d, %d tokens; after the resume frames %d-%d, %d tokens%n",
          camera, b.getFirstSeq(), b.getLastSeq(), b.getVisualTokens(), a.getFirstSeq(), a.getLastSeq(), a.getVisualTokens());
      assertTrue(a.getVisualTokens() > b.getVisualTokens(),
          camera + ": cache fill continues, " + b.getVisualTokens() + " -> " + a.getVisualTokens() + " tokens");
    }

    // Exactly once across cancel and resume: no query answered twice for a camera.
    Map<String, Long> answersPerQuery = readAll(main).stream()
        .collect(Collectors.groupingBy(a -> a.getQueryId() + "/" + a.getCameraId(), Collectors.counting()));
    answersPerQuery.forEach((key, count) -> assertEquals(1L, count, key + " answered more than once"));
    assertTrue(cli("cluster", "status", "--cluster-home", cluster.home().toString()).stream()
        .anyMatch(line -> line.contains(resumed) && line.contains("RUNNING")));
    rest.cancel(resumed);
    rest.awaitState(resumed, "CANCELED", Duration.ofSeconds(60));
  }

  /** Runs the command line as a user would, and returns what it printed. */
  private static List<String> cli(String... args) {
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

  private static Topics topics(String prefix) {
    Topics topics = new Topics(prefix + "frames", prefix + "queries", prefix + "answers", prefix + "deadletter");
    kafka.createTopics(2, topics.frames());
    kafka.createTopics(1, topics.queries(), topics.answers(), topics.deadLetters());
    return topics;
  }

  private String submit(Topics topics, String name, String savepoint) {
    List<String> args = List.of(
        "--model", model.toString(),
        "--bootstrap-servers", kafka.bootstrapServers(),
        "--frames-topic", topics.frames(), "--queries-topic", topics.queries(),
        "--answers-topic", topics.answers(), "--deadletter-topic", topics.deadLetters(),
        "--group-id", "it-" + name, "--transactional-id-prefix", "it-" + name,
        "--checkpoint-interval", "1s",
        "--state-dir", work.resolve("checkpoints").toUri().toString(),
        "--job-name", "streamdycoke-" + name);
    List<String> command = new ArrayList<>(List.of("submit", "--cluster-home", cluster.home().toString()));
    if (savepoint != null) {
      command.addAll(List.of("--from-savepoint", savepoint));
    }
    command.addAll(args);
    List<String> out = cli(command.toArray(String[]::new));
    String job = out.get(out.size() - 1);
    rest.awaitState(job, "RUNNING", Duration.ofSeconds(60));
    return job;
  }

  private void sendFrames(Topics topics, String prefix, int count) throws Exception {
    FrameEncoding jpeg = FrameEncoding.jpeg(FrameEncoding.DEFAULT_JPEG_QUALITY);
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (int i = 0; i < CAMERAS.length; i++) {
        String id = prefix + CAMERAS[i];
        long seed = i + 1;
        SimulatedCamera camera = cameras.computeIfAbsent(id, c -> new SimulatedCamera(SceneConfig.defaults(seed)));
        for (int n = 0; n < count; n++) {
          byte[] frame = AvroCodec.frames().encode(jpeg.toFrame(id, camera.next().orElseThrow()));
          producer.send(new ProducerRecord<>(topics.frames(), id.getBytes(StandardCharsets.UTF_8), frame)).get();
        }
      }
    }
  }

  /**
   * Asks the camera until an answer covers the given frame: frames reach the cache asynchronously,
   * and an answer is visible once the checkpoint after it completes.
   */
  private Answer askUntilAnsweredAt(String job, Topics topics, String camera, long seq) throws Exception {
    long deadline = System.nanoTime() + ANSWER_WAIT.toNanos();
    List<Answer> seen = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = producer();
        KafkaConsumer<byte[], byte[]> answers = readCommitted(topics.answers())) {
      while (System.nanoTime() < deadline) {
        failOnJobException(job);
        String id = "q-" + (++queries);
        Query query = Query.newBuilder().setQueryId(id).setCameraIds(List.of(camera)).setQuestion("what is moving?")
            .setIssuedAt(Instant.now()).setMaxNewTokens(2).setDeadline(null).build();
        producer.send(new ProducerRecord<>(topics.queries(), id.getBytes(StandardCharsets.UTF_8),
            AvroCodec.queries().encode(query))).get();
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
    throw new AssertionError(camera + " not answered at frame " + seq + " within " + ANSWER_WAIT + "; answers: " + seen);
  }

  /** A job that failed or restarts does not answer: say why at once instead of timing out. */
  private static void failOnJobException(String job) {
    String root = rest.rootException(job);
    if (!root.equals("(no exception recorded)")) {
      throw new AssertionError("job " + job + " is " + rest.jobState(job) + " after an exception:\n" + root);
    }
  }

  private static List<Answer> readAll(Topics topics) throws Exception {
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

  private static KafkaProducer<byte[], byte[]> producer() {
    Properties props = new Properties();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    props.put("enable.idempotence", "true");
    props.put("acks", "all");
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static KafkaConsumer<byte[], byte[]> readCommitted(String topic) {
    Properties props = new Properties();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    props.put("group.id", "reader-" + topic + "-" + System.nanoTime());
    props.put("auto.offset.reset", "earliest");
    props.put("isolation.level", "read_committed");
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(topic));
    return consumer;
  }
}
