package dev.streamdycoke.benchmarks.qa;

import dev.streamdycoke.cli.JobMetrics;
import dev.streamdycoke.cli.kafka.EmbeddedKafka;
import dev.streamdycoke.job.FlinkSetup;
import dev.streamdycoke.job.JobSettings;
import dev.streamdycoke.job.StreamDyCokeJob;
import dev.streamdycoke.job.Topics;
import dev.streamdycoke.job.args.JobOptions;
import dev.streamdycoke.job.io.ConsumerLag;
import dev.streamdycoke.model.checkpoint.TinyCheckpointWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.checkpoint.TaskStateStats;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Camera churn (issue 18): N live cameras at F fps, M new cameras a minute replacing the oldest,
 * idle timeout T, through the whole job with precomputed tokens ({@link PrecomputedTokensOperator},
 * which retires idle cameras as the real encode stage does). Every 10 s it prints the live cameras,
 * the cameras started so far, the cameras retired (the job's {@code camerasRetired}, via the REST
 * API) and the keyed state of the encode and answer operators in the last completed checkpoint
 * (full snapshots with {@code hashmap}), in all and per live camera. The claim to check: once the
 * first departed cameras reach the timeout, total state and state per live camera stay flat instead
 * of growing with every camera ever seen. At the end it holds the encode stage's retirements,
 * camera by camera ({@link RetirementLog}), against when the fleet replaced each camera: cameras
 * retired while their producer still ran or with frames arriving after their retirement, the delay
 * from departure to retirement, and the deferrals.
 *
 * <pre>
 * mvn -q -B -o -pl benchmarks -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *   -Dmdep.outputFile=$PWD/target/churn.classpath
 * nice -n 10 java @conf/jvm-flink.args -Xmx3g -Dai.djl.offline=true \
 *   -cp benchmarks/target/classes:$(cat target/churn.classpath) \
 *   dev.streamdycoke.benchmarks.qa.ChurnBenchmark 100 30 20 180 --lazy-prefill
 * </pre>
 *
 * Arguments: live cameras (100), new cameras a minute (30), idle timeout in seconds (20), seconds
 * (180), then optional {@code fps=} (1), {@code parallelism=} (2), {@code checkpoint-ms=} (10000),
 * {@code backend=} (hashmap), then any flags of {@code run}. The default is the 1,000 live,
 * 100 new a minute, 1 min timeout scaled to 2 cores: a tenth of the cameras, the timeout a third,
 * the replacement rate 30 % of the fleet a minute instead of 10 %, so that departed cameras
 * awaiting retirement are the same share of the live ones (M x T / N = 0.1) and a 3-minute run sees
 * many retirements.
 */
public final class ChurnBenchmark {
  private static final int WIDTH = 64;
  private static final int HEIGHT = 48;
  private static final int SAMPLE_SECONDS = 10;
  private static final Duration BROKER_START_TIMEOUT = Duration.ofMinutes(4);

  /** One sample of the run. */
  record Sample(
      long second,
      long sent,
      long lag,
      long shed,
      long started,
      long retired,
      long encodeRetired,
      long deferrals,
      long checkpointId,
      long encodeBytes,
      long answerBytes) {
    long stateBytes() {
      return encodeBytes + answerBytes;
    }
  }

  public static void main(String[] args) throws Exception {
    int cameras = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    double newPerMinute = args.length > 1 ? Double.parseDouble(args[1]) : 30;
    long timeoutSeconds = args.length > 2 ? Long.parseLong(args[2]) : 20;
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 180;
    double fps = 1;
    int parallelism = 2;
    long checkpointMs = 10_000;
    String backend = "hashmap";
    List<String> runFlags = new ArrayList<>();
    for (String arg : Arrays.asList(args).subList(Math.min(args.length, 4), args.length)) {
      if (arg.startsWith("fps=")) {
        fps = Double.parseDouble(arg.substring(4));
      } else if (arg.startsWith("parallelism=")) {
        parallelism = Integer.parseInt(arg.substring(12));
      } else if (arg.startsWith("checkpoint-ms=")) {
        checkpointMs = Long.parseLong(arg.substring(14));
      } else if (arg.startsWith("backend=")) {
        backend = arg.substring(8);
      } else {
        runFlags.add(arg);
      }
    }
    runFlags.add("--camera-idle-timeout");
    runFlags.add(timeoutSeconds + "s");

    Path model = Files.createTempDirectory("streamdycoke-churn-model");
    TinyCheckpointWriter.writeTiny(model);
    Path checkpoints = Files.createTempDirectory("streamdycoke-churn-checkpoints");
    Topics topics = Topics.defaults();
    // The default minute is not enough on a machine shared by several builds (load 30 on 2 cores:
    // the broker's controller alone took 73 s to activate).
    try (EmbeddedKafka kafka =
        EmbeddedKafka.builder().startTimeout(BROKER_START_TIMEOUT).build().start()) {
      kafka.createTopics(8, topics.frames());
      kafka.createTopics(1, topics.queries(), topics.answers(), topics.deadLetters());
      Properties client = new Properties();
      client.put("bootstrap.servers", kafka.bootstrapServers());

      JobOptions options = new JobOptions();
      new picocli.CommandLine(options).parseArgs(runFlags.toArray(String[]::new));
      JobSettings settings =
          options.settings(model).withCheckpointInterval(Duration.ofMillis(checkpointMs));
      Configuration conf =
          FlinkSetup.configuration(
              settings.checkpointInterval(), checkpoints.toUri().toString(), backend);
      conf.set(RestOptions.BIND_PORT, "0");
      try (MiniCluster cluster = BenchmarkJob.startCluster(conf, parallelism)) {
        JobID job =
            BenchmarkJob.submit(
                cluster,
                conf,
                parallelism,
                settings,
                kafka.bootstrapServers(),
                topics,
                "churn",
                true);
        JobMetrics metrics =
            new JobMetrics(cluster.getRestAddress().get().toString(), job.toString());

        List<Sample> samples = new ArrayList<>();
        Random random = new Random(1);
        try (SyntheticFleet fleet =
                new SyntheticFleet(
                    client, topics.frames(), cameras, fps, newPerMinute, WIDTH, HEIGHT);
            ConsumerLag lag = new ConsumerLag(client, "churn", topics.frames());
            KafkaProducer<byte[], byte[]> questions =
                new KafkaProducer<>(client, new ByteArraySerializer(), new ByteArraySerializer())) {
          fleet.start();
          long start = System.nanoTime();
          for (int s = 1; s <= seconds; s++) {
            Thread.sleep(Math.max(0, start + s * 1_000_000_000L - System.nanoTime()) / 1_000_000);
            long live = fleet.replaced() + random.nextInt(cameras);
            LoadBenchmark.ask(questions, topics.queries(), SyntheticFleet.cameraId(live));
            if (s % SAMPLE_SECONDS == 0) {
              Sample sample =
                  sample(
                      s,
                      fleet,
                      cameras,
                      lag.records(),
                      metrics,
                      cluster.getExecutionGraph(job).get());
              samples.add(sample);
              print(sample, cameras);
            }
          }
          summarize(
              cameras, newPerMinute, timeoutSeconds, fps, parallelism, backend, fleet, samples);
        } finally {
          cluster.cancelJob(job).get();
        }
      }
    }
  }

  private static Sample sample(
      long second,
      SyntheticFleet fleet,
      int cameras,
      long lag,
      JobMetrics metrics,
      AccessExecutionGraph graph) {
    long retired;
    long shed;
    try {
      JobMetrics.Counts counts = metrics.read();
      retired = counts.camerasRetired();
      shed = counts.shed();
    } catch (Exception e) {
      retired = -1;
      shed = -1;
    }
    CheckpointStatsSnapshot stats = graph.getCheckpointStatsSnapshot();
    CompletedCheckpointStats last =
        stats == null ? null : stats.getHistory().getLatestCompletedCheckpoint();
    long encode = 0;
    long answer = 0;
    if (last != null) {
      for (TaskStateStats task : last.getAllTaskStateStats()) {
        String name = graph.getJobVertex(task.getJobVertexId()).getName();
        if (name.contains(StreamDyCokeJob.ENCODE)) {
          encode += task.getStateSize();
        } else if (name.contains(StreamDyCokeJob.ANSWER + " ")
            || name.startsWith(StreamDyCokeJob.ANSWER)) {
          answer += task.getStateSize();
        }
      }
    }
    return new Sample(
        second,
        fleet.framesSent(),
        lag,
        shed,
        cameras + fleet.replaced(),
        retired,
        PrecomputedTokensOperator.RETIREMENTS.retirements(),
        PrecomputedTokensOperator.RETIREMENTS.deferrals(),
        last == null ? -1 : last.getCheckpointId(),
        encode,
        answer);
  }

  private static void print(Sample s, int cameras) {
    System.out.printf(
        Locale.ROOT,
        "t=%4ds sent=%7d lag=%6d shed=%6d live=%d started=%5d retired=%5d (encode %5d, deferrals"
            + " %4d) |"
            + " checkpoint %3d: state %7.2f MB (encode %6.2f, answer %6.2f), per live camera %6.1f"
            + " KB%n",
        s.second(),
        s.sent(),
        s.lag(),
        s.shed(),
        cameras,
        s.started(),
        s.retired(),
        s.encodeRetired(),
        s.deferrals(),
        s.checkpointId(),
        s.stateBytes() / 1e6,
        s.encodeBytes() / 1e6,
        s.answerBytes() / 1e6,
        s.stateBytes() / 1e3 / cameras);
  }

  /**
   * Holds the encode stage's retirements, camera by camera, against when the fleet really replaced
   * each camera: a camera retired before its producer stopped, or one whose frames still arrived
   * after its retirement, was retired while sending.
   */
  private static void judgeRetirements(SyntheticFleet fleet, long timeoutMillis, long now) {
    RetirementLog log = PrecomputedTokensOperator.RETIREMENTS;
    Map<String, Long> retiredAt = log.retiredAt();
    long whileSending = 0;
    List<Long> delays = new ArrayList<>();
    for (Map.Entry<String, Long> retired : retiredAt.entrySet()) {
      long departed = fleet.departedAtMillis(index(retired.getKey()));
      if (retired.getValue() < departed) {
        whileSending++;
      } else {
        delays.add(retired.getValue() - departed);
      }
    }
    Collections.sort(delays);
    long goneForTimeout = 0;
    long goneNotRetired = 0;
    for (long i = 0; i < fleet.replaced(); i++) {
      if (fleet.departedAtMillis(i) <= now - timeoutMillis) {
        goneForTimeout++;
        if (!retiredAt.containsKey(SyntheticFleet.cameraId(i))) {
          goneNotRetired++;
        }
      }
    }
    Set<String> deferred = log.deferredCameras();
    long deferredThenRetiredGone =
        deferred.stream()
            .filter(
                c ->
                    retiredAt.containsKey(c)
                        && retiredAt.get(c) >= fleet.departedAtMillis(index(c)))
            .count();
    System.out.printf(
        Locale.ROOT,
        "encode stage: %d retirements of %d cameras; retired while the producer still ran %d, frames"
            + " arriving after the retirement %d cameras; %d cameras gone for the timeout, %d of them"
            + " not retired yet%n",
        log.retirements(),
        retiredAt.size(),
        whileSending,
        log.framesAfterRetirement().size(),
        goneForTimeout,
        goneNotRetired);
    if (!delays.isEmpty()) {
      System.out.printf(
          Locale.ROOT,
          "departure to retirement: min %.1f s, median %.1f s, max %.1f s (timeout %.0f s)%n",
          delays.get(0) / 1e3,
          delays.get(delays.size() / 2) / 1e3,
          delays.get(delays.size() - 1) / 1e3,
          timeoutMillis / 1e3);
    }
    System.out.printf(
        Locale.ROOT,
        "deferrals: %d of %d cameras (%d of them retired later, after they left)%n",
        log.deferrals(),
        deferred.size(),
        deferredThenRetiredGone);
  }

  private static long index(String cameraId) {
    return Long.parseLong(cameraId.substring(cameraId.indexOf('-') + 1));
  }

  private static void summarize(
      int cameras,
      double newPerMinute,
      long timeoutSeconds,
      double fps,
      int parallelism,
      String backend,
      SyntheticFleet fleet,
      List<Sample> samples) {
    System.out.printf(
        Locale.ROOT,
        "%n%d live cameras x %.2f fps, %.0f new a minute, idle timeout %d s, parallelism %d, %s;"
            + " %d cameras started, send failures %d%n",
        cameras,
        fps,
        newPerMinute,
        timeoutSeconds,
        parallelism,
        backend,
        cameras + fleet.replaced(),
        fleet.sendFailures());
    if (timeoutSeconds > 0) {
      judgeRetirements(fleet, timeoutSeconds * 1000, System.currentTimeMillis());
    }
    // Judge from when the first departed camera can have been retired (its departure plus T) and a
    // checkpoint has seen it.
    long from = (long) Math.ceil(60 / Math.max(newPerMinute, 1e-9)) + timeoutSeconds + 10;
    List<Sample> judged = samples.stream().filter(s -> s.second() >= from).toList();
    if (judged.size() < 3) {
      System.out.println("too short to judge trends (need samples after t=" + from + " s)");
      return;
    }
    Sample first = judged.get(0);
    Sample last = judged.get(judged.size() - 1);
    long min = judged.stream().mapToLong(Sample::stateBytes).min().orElse(0);
    long max = judged.stream().mapToLong(Sample::stateBytes).max().orElse(0);
    System.out.printf(
        Locale.ROOT,
        "t=%d..%d s: started %d -> %d, retired %d -> %d; state %.2f -> %.2f MB (min %.2f, max"
            + " %.2f), per live camera %.1f -> %.1f KB%n",
        first.second(),
        last.second(),
        first.started(),
        last.started(),
        first.retired(),
        last.retired(),
        first.stateBytes() / 1e6,
        last.stateBytes() / 1e6,
        min / 1e6,
        max / 1e6,
        first.stateBytes() / 1e3 / cameras,
        last.stateBytes() / 1e3 / cameras);
  }
}
