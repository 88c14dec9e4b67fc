package dev.streamdycoke.cli;

import dev.streamdycoke.cli.cameras.CameraFleetProducer;
import dev.streamdycoke.cli.cameras.FleetStats;
import dev.streamdycoke.cli.cameras.SceneTruths;
import dev.streamdycoke.cli.kafka.EmbeddedKafka;
import dev.streamdycoke.job.JobSettings;
import dev.streamdycoke.job.args.DurationConverter;
import dev.streamdycoke.job.args.JobOptions;
import dev.streamdycoke.job.args.KafkaOptions;
import dev.streamdycoke.job.io.ConsumerLag;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.DeadLetter;
import dev.streamdycoke.schemas.Query;
import dev.streamdycoke.schemas.StandingSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Everything in one process: a real Kafka broker (KRaft), the job on a MiniCluster with its web UI,
 * simulated cameras, a question at intervals, and the answers printed as they are committed.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run Kafka, the job, simulated cameras and questions in one process; print answers live.")
public final class DemoCommand implements Callable<Integer> {
  /**
   * Questions in the words of the synthetic street's templates (dev.streamdycoke.simulator.qa), the
   * only ones the trained demo model has learnt; mostly about the current frame, which it answers
   * best.
   */
  static final List<String> QUESTIONS =
      List.of(
          "how many people are there?",
          "is there a car?",
          "what colour is the car?",
          "how many cars are there?",
          "is anything stopped?",
          "is there a red car?",
          "has a truck appeared?",
          "what entered last?");

  /** Frames of ground truth kept per camera: answers arrive a few seconds after their frame. */
  private static final int TRUTH_FRAMES = 600;

  @Option(
      names = "--model",
      description =
          "Model checkpoint directory; default: the trained demo checkpoint shipped with the job.")
  Path model;

  @Option(
      names = {"-n", "--cameras"},
      defaultValue = "4",
      description = "Simulated cameras (default: ${DEFAULT-VALUE}).")
  int cameras;

  // The demo model learnt the street at 1 fps (DemoWorld.FPS): "the last five seconds" are its
  // last five frames, and motion between frames is what it saw in training.
  @Option(
      names = "--fps",
      defaultValue = "1",
      description =
          "Frames per second per camera; the demo model was trained at 1 (default: ${DEFAULT-VALUE}).")
  double fps;

  @Option(
      names = "--question-every",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Interval between questions (default: ${DEFAULT-VALUE}).")
  Duration questionEvery;

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description = "Run this long then exit 0 (e.g. 90s); default: until Ctrl-C.")
  Duration duration;

  @Option(
      names = "--kafka-port",
      defaultValue = "9092",
      description = "Broker port if free, else any free port (default: ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(
      names = "--web-port",
      defaultValue = "8081",
      description = "Flink web UI port (default: ${DEFAULT-VALUE}).")
  int webPort;

  @Option(
      names = "--bind-address",
      defaultValue = EmbeddedKafka.LOOPBACK,
      description =
          "Address every socket of the demo listens on; anything but loopback lets other machines reach Kafka and the Flink REST API, both without authentication (default: ${DEFAULT-VALUE}).")
  String bindAddress;

  @Option(
      names = "--status-every",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Interval between status lines (default: ${DEFAULT-VALUE}).")
  Duration statusEvery;

  @Mixin JobOptions job;

  /** How long Ctrl-C waits for the job, cameras and broker to close before the JVM halts. */
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(45);

  @Override
  public Integer call() throws Exception {
    Path checkpoint = DemoModel.resolve(model);
    JobSettings settings = job.settings(checkpoint);
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    // The JVM halts once its shutdown hooks return, so on Ctrl-C the hook waits for the main
    // thread to cancel the job and close the broker; otherwise none of that would run.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (stopped.getCount() > 0) {
                    System.out.println(
                        "stopping: cancelling the job, closing cameras and the broker...");
                    stop.countDown();
                    awaitQuietly(stopped, SHUTDOWN_GRACE);
                  }
                },
                "demo-stop"));
    try {
      run(settings, stop);
    } finally {
      System.out.println("demo stopped");
      stopped.countDown();
    }
    return 0;
  }

  private static void awaitQuietly(CountDownLatch latch, Duration timeout) {
    try {
      latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run(JobSettings settings, CountDownLatch stop) throws Exception {
    if (DemoRuntime.reachableFromOtherMachines(bindAddress)) {
      System.out.println(
          "WARNING: --bind-address "
              + bindAddress
              + ": other machines can reach the broker (no"
              + " authentication) and the Flink web UI and REST API (no authentication; jar upload is off)");
    }
    try (DemoRuntime runtime =
        DemoRuntime.start(bindAddress, kafkaPort, webPort, Math.max(2, cameras), settings, job)) {
      KafkaOptions kafkaOptions = runtime.kafka();
      System.out.println(
          "kafka: "
              + runtime.bootstrapServers()
              + " (KRaft, topics frames, queries, answers, deadletter)");
      System.out.println(
          "flink: job " + runtime.jobClient().getJobID() + ", web UI at " + runtime.webUrl());

      SceneTruths truths = new SceneTruths(TRUTH_FRAMES);
      AnswerPrinter printer =
          new AnswerPrinter(kafkaOptions, settings.answering().cache().capacity(), truths);
      printer.start();
      try (CameraFleetProducer fleet =
              CamerasCommand.fleet(
                  kafkaOptions, cameras, fps, "cam-", null, null, true, "jpeg", 1, truths);
          KafkaProducer<byte[], byte[]> questions =
              new KafkaProducer<>(
                  kafkaOptions.clientProperties("streamdycoke-demo-questions"),
                  new ByteArraySerializer(),
                  new ByteArraySerializer());
          ConsumerLag lag =
              new ConsumerLag(
                  kafkaOptions.clientProperties("streamdycoke-demo-lag"),
                  job.groupId(),
                  kafkaOptions.topics().frames())) {
        fleet.start();
        System.out.println(
            "cameras: " + String.join(", ", fleet.cameraIds()) + " at " + fps + " fps");
        JobMetrics metrics =
            new JobMetrics(runtime.webUrl(), runtime.jobClient().getJobID().toString());
        loop(stop, fleet, questions, lag, printer, metrics, kafkaOptions);
      } finally {
        printer.close();
      }
    }
  }

  /** Question the demo watches on every camera from the start (docs/standing-questions.md). */
  static final String STANDING_QUESTION = "is there a red car?";

  /**
   * Registers the demo's standing question on every camera, "*" so cameras are covered however many
   * there are; its events print among the answers, each with the scene's ground truth.
   */
  private static void registerStanding(KafkaProducer<byte[], byte[]> questions, KafkaOptions kafka)
      throws Exception {
    String id = "s-red-car";
    Query query =
        Query.newBuilder()
            .setQueryId(id)
            .setCameraIds(List.of("*"))
            .setQuestion(STANDING_QUESTION)
            .setIssuedAt(Instant.now())
            .setMaxNewTokens(16)
            .setDeadline(null)
            .setStanding(StandingSpec.newBuilder().setHold(2).build())
            .build();
    questions
        .send(
            new ProducerRecord<>(
                kafka.topics().queries(),
                id.getBytes(StandardCharsets.UTF_8),
                AvroCodec.queries().encode(query)))
        .get();
    System.out.println(
        "watching " + id + " on every camera (events on change, hold 2): " + STANDING_QUESTION);
  }

  private void loop(
      CountDownLatch stop,
      CameraFleetProducer fleet,
      KafkaProducer<byte[], byte[]> questions,
      ConsumerLag lag,
      AnswerPrinter printer,
      JobMetrics metrics,
      KafkaOptions kafka)
      throws Exception {
    registerStanding(questions, kafka);
    long start = System.nanoTime();
    long end = duration == null ? Long.MAX_VALUE : start + duration.toNanos();
    long nextQuestion = start + questionEvery.toNanos();
    long nextStatus = start + statusEvery.toNanos();
    int asked = 0;
    while (System.nanoTime() < end) {
      long wakeAt = Math.min(end, Math.min(nextQuestion, nextStatus));
      if (stop.await(
          Math.max(1, (wakeAt - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS)) {
        return;
      }
      long now = System.nanoTime();
      if (now >= nextQuestion) {
        String question = QUESTIONS.get(asked % QUESTIONS.size());
        String id = String.format(Locale.ROOT, "q-%04d", ++asked);
        Query query =
            Query.newBuilder()
                .setQueryId(id)
                .setCameraIds(fleet.cameraIds())
                .setQuestion(question)
                .setIssuedAt(Instant.now())
                .setMaxNewTokens(16)
                .setDeadline(null)
                .build();
        questions.send(
            new ProducerRecord<>(
                kafka.topics().queries(),
                id.getBytes(StandardCharsets.UTF_8),
                AvroCodec.queries().encode(query)));
        System.out.println("asked " + id + " of all cameras: " + question);
        nextQuestion += questionEvery.toNanos();
      }
      if (now >= nextStatus) {
        FleetStats stats = fleet.stats();
        System.out.printf(
            Locale.ROOT,
            "status: %.0f s, %d frames sent, job lag %d frames, %d answers, %d dead letters, %s%n",
            (now - start) / 1e9,
            stats.framesSent(),
            lag.records(),
            printer.answers(),
            printer.deadLetters(),
            loadCounts(metrics));
        nextStatus += statusEvery.toNanos();
      }
    }
  }

  /** The job's shedding, gating and retirement counters, or why they cannot be read now. */
  static String loadCounts(JobMetrics metrics) {
    try {
      JobMetrics.Counts c = metrics.read();
      return String.format(
          Locale.ROOT,
          "%d frames shed (%d before decode, %d before encode), %d skipped unchanged,"
              + " %d cameras retired",
          c.shed(),
          c.shedBeforeDecode(),
          c.shedBeforeEncode(),
          c.skippedUnchanged(),
          c.camerasRetired());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "job metrics not read (interrupted)";
    } catch (Exception e) {
      // The status line is informational: a REST hiccup must not stop the demo.
      return "job metrics unavailable (" + e.getMessage() + ")";
    }
  }

  /** Prints answers (read_committed) and counts dead letters, on its own thread. */
  static final class AnswerPrinter implements AutoCloseable {
    private final KafkaOptions kafka;
    private final int capacity;
    private final SceneTruths truths;
    private final AtomicLong answers = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    AnswerPrinter(KafkaOptions kafka, int capacity, SceneTruths truths) {
      this.kafka = kafka;
      this.capacity = capacity;
      this.truths = truths;
      this.thread = new Thread(this::run, "demo-answers");
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    long answers() {
      return answers.get();
    }

    long deadLetters() {
      return deadLetters.get();
    }

    private void run() {
      AvroCodec<Answer> answerCodec = AvroCodec.answers();
      AvroCodec<DeadLetter> letterCodec = AvroCodec.deadLetters();
      try (KafkaConsumer<byte[], byte[]> consumer = AskCommand.answersConsumer(kafka)) {
        consumer.subscribe(List.of(kafka.topics().answers(), kafka.topics().deadLetters()));
        while (running) {
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(250))) {
            try {
              if (record.topic().equals(kafka.topics().answers())) {
                answers.incrementAndGet();
                Answer answer = answerCodec.decode(record.value());
                System.out.println(AnswerFormat.line(answer, capacity));
                truths
                    .at(answer.getCameraId().toString(), answer.getAnsweredAtSeq())
                    .ifPresent(
                        t ->
                            System.out.println(
                                "    truth at frame "
                                    + answer.getAnsweredAtSeq()
                                    + ": "
                                    + SceneTruths.describe(t)));
              } else {
                deadLetters.incrementAndGet();
                System.out.println(
                    "dead letter: " + letterCodec.decode(record.value()).getReason());
              }
            } catch (Exception e) {
              System.out.println("unreadable record on " + record.topic() + ": " + e.getMessage());
            }
          }
        }
      } catch (org.apache.kafka.common.errors.WakeupException
          | org.apache.kafka.common.errors.InterruptException e) {
        // closing
      }
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join(5_000);
    }
  }
}
