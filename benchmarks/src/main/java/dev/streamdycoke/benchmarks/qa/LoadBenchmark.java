package dev.streamdycoke.benchmarks.qa;

import dev.streamdycoke.cli.kafka.EmbeddedKafka;
import dev.streamdycoke.job.FlinkSetup;
import dev.streamdycoke.job.JobSettings;
import dev.streamdycoke.job.StreamDyCokeJob;
import dev.streamdycoke.job.Topics;
import dev.streamdycoke.job.args.JobOptions;
import dev.streamdycoke.job.io.ConsumerLag;
import dev.streamdycoke.model.checkpoint.TinyCheckpointWriter;
import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.Query;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.checkpoint.TaskStateStats;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;

/**
 * The load test of issue 6: N simulated cameras at F fps through the whole job (embedded broker,
 * MiniCluster, tiny checkpoint: real decoding, vision tower, TTM, token caches and model sessions;
 * small RGB24 frames so that the producer is not the bottleneck) plus questions at {@code
 * -Dload.questions-per-second} (1 by default, 0 for the state path alone). Every 10 s it samples
 * the job's consumer lag, the heap (old generation after the last collection), the last completed
 * checkpoint's duration and size, and the keyed state per camera of the encode and answer
 * operators; at the end it says whether lag, heap and state per camera stayed flat, and prints
 * every checkpoint from Flink's REST API ({@link CheckpointHistory}), RocksDB's own counters
 * ({@link RocksDbMetrics}) and CPU per frame by thread ({@link ThreadCpu}).
 *
 * <pre>
 * mvn -q -B -o -pl job -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *   -Dmdep.outputFile=$PWD/target/load.classpath
 * nice -n 10 java @conf/jvm-flink.args -Xmx8g -Dai.djl.offline=true \
 *   -cp job/target/test-classes:job/target/classes:$(cat target/load.classpath) \
 *   dev.streamdycoke.benchmarks.qa.LoadBenchmark 1000 1 600 2 10000 hashmap precomputed --lazy-prefill
 * </pre>
 *
 * Arguments: cameras, fps per camera, seconds, parallelism, checkpoint interval ms, state backend
 * ({@code hashmap} or {@code rocksdb}; checkpoints go to a temporary directory), encoder ({@code
 * tower}: every frame through the vision tower; {@code precomputed}: tokens encoded once by the
 * tower at start, see {@link PrecomputedTokensOperator}, for when the tower is the bottleneck;
 * {@code precomputed-wide}: the same with {@link TokenWidthModel}, tokens of the 0.5B's width D =
 * 896 instead of the tiny model's 64, so state and checkpoints have production size), then any
 * flags of {@code run} for the job's settings (e.g. {@code --lazy-prefill}, {@code --cache-capacity
 * 256}). The classpath comes from the reactor, so the build's own modules are measured.
 */
public final class LoadBenchmark {
  private static final int WIDTH = 64;
  private static final int HEIGHT = 48;
  private static final int SAMPLE_SECONDS = 10;

  /**
   * The question load: questions per second for the whole fleet, each to a random camera, 1 unless
   * {@code -Dload.questions-per-second=R} (fractions allowed, e.g. 0.1 is one every 10 s; 0 asks
   * nothing, so the run measures the state path alone: decoding, merging, caching, checkpoints). At
   * D = 896 every question prefills up to C tokens, which on a small CPU is the bottleneck.
   */
  private static final double QUESTIONS_PER_SECOND =
      Double.parseDouble(System.getProperty("load.questions-per-second", "1"));

  /**
   * Extra Flink configuration for the MiniCluster, {@code -Dload.flink-conf=key=value,key=value},
   * e.g. RocksDB or changelog options to compare without rebuilding.
   */
  private static final String EXTRA_FLINK_CONF = System.getProperty("load.flink-conf", "");

  /** One sample of the run. */
  record Sample(
      long second,
      long sent,
      long lag,
      long oldGenMb,
      long heapMb,
      long checkpoints,
      long failedCheckpoints,
      long checkpointMs,
      long checkpointBytes,
      long checkpointedBytes,
      long encodeStatePerCamera,
      long answerStatePerCamera) {}

  public static void main(String[] args) throws Exception {
    int cameras = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    double fps = args.length > 1 ? Double.parseDouble(args[1]) : 1;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 600;
    int parallelism = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    long checkpointMs = args.length > 4 ? Long.parseLong(args[4]) : 10_000;
    String backend = args.length > 5 ? args[5] : "hashmap";
    boolean wide = args.length > 6 && args[6].equals("precomputed-wide");
    boolean precomputed = wide || args.length > 6 && args[6].equals("precomputed");

    Path model = Files.createTempDirectory("streamdycoke-load-model");
    if (wide) {
      TokenWidthModel.write(model);
    } else {
      TinyCheckpointWriter.writeTiny(model);
    }
    Path checkpoints = Files.createTempDirectory("streamdycoke-load-checkpoints");
    Topics topics = Topics.defaults();
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
      kafka.createTopics(8, topics.frames());
      kafka.createTopics(1, topics.queries(), topics.answers(), topics.deadLetters());
      Properties client = new Properties();
      client.put("bootstrap.servers", kafka.bootstrapServers());

      JobOptions options = new JobOptions();
      new CommandLine(options)
          .parseArgs(Arrays.copyOfRange(args, Math.min(args.length, 7), args.length));
      JobSettings settings =
          options.settings(model).withCheckpointInterval(Duration.ofMillis(checkpointMs));
      Configuration conf =
          FlinkSetup.configuration(
              settings.checkpointInterval(), checkpoints.toUri().toString(), backend);
      options.stateStorage().applyTo(conf, checkpoints.toUri().toString());
      conf.set(RestOptions.BIND_PORT, "0");
      // Keep every checkpoint of the run in the REST statistics, printed one by one.
      conf.set(WebOptions.CHECKPOINTS_HISTORY_SIZE, 1000);
      // RocksDB's write buffers and block cache come from managed memory: the Helm chart's 1g,
      // not the MiniCluster's 128 MB, under which memtables flush early into more, smaller files.
      conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(1024));
      RocksDbMetrics.enable(conf);
      for (String entry : EXTRA_FLINK_CONF.split(",")) {
        if (!entry.isBlank()) {
          int eq = entry.indexOf('=');
          conf.setString(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
      }
      try (MiniCluster cluster = BenchmarkJob.startCluster(conf, parallelism)) {
        JobID job =
            BenchmarkJob.submit(
                cluster,
                conf,
                parallelism,
                settings,
                kafka.bootstrapServers(),
                topics,
                "load",
                precomputed);

        List<Sample> samples = new ArrayList<>();
        CheckpointHistory history =
            new CheckpointHistory(cluster.getRestAddress().get(), job.toHexString());
        Random random = new Random(1);
        double questionsDue = 0;
        Map<String, Double> cpuAtHalf = Map.of();
        long mergedAtHalf = 0;
        try (SyntheticFleet fleet =
                new SyntheticFleet(client, topics.frames(), cameras, fps, WIDTH, HEIGHT);
            ConsumerLag lag = new ConsumerLag(client, "load", topics.frames());
            KafkaProducer<byte[], byte[]> questions =
                new KafkaProducer<>(client, new ByteArraySerializer(), new ByteArraySerializer())) {
          fleet.start();
          long start = System.nanoTime();
          long startMillis = System.currentTimeMillis();
          for (int s = 1; s <= seconds; s++) {
            Thread.sleep(Math.max(0, start + s * 1_000_000_000L - System.nanoTime()) / 1_000_000);
            questionsDue += QUESTIONS_PER_SECOND;
            for (; questionsDue >= 1; questionsDue--) {
              ask(questions, topics.queries(), SyntheticFleet.cameraId(random.nextInt(cameras)));
            }
            if (s == seconds / 2) {
              cpuAtHalf = ThreadCpu.snapshot();
              mergedAtHalf = PrecomputedTokensOperator.FRAMES_MERGED.sum();
            }
            if (s % SAMPLE_SECONDS == 0) {
              history.printNew();
              Sample sample =
                  sample(
                      s,
                      fleet.framesSent(),
                      lag.records(),
                      cluster.getExecutionGraph(job).get(),
                      cameras);
              samples.add(sample);
              print(sample);
            }
          }
          double elapsed = (System.nanoTime() - start) / 1e9;
          Map<String, Double> cpuAtEnd = ThreadCpu.snapshot();
          long mergedAtEnd = PrecomputedTokensOperator.FRAMES_MERGED.sum();
          history.printNew();
          summarize(
              cameras,
              fps,
              parallelism,
              checkpointMs,
              backend
                  + (wide
                      ? ", precomputed tokens at D = 896"
                      : precomputed ? ", precomputed tokens" : ", vision tower")
                  + String.format(Locale.ROOT, ", %.2f questions/s", QUESTIONS_PER_SECOND)
                  + (EXTRA_FLINK_CONF.isBlank() ? "" : ", " + EXTRA_FLINK_CONF)
                  + (args.length > 7
                      ? ", " + String.join(" ", Arrays.copyOfRange(args, 7, args.length))
                      : ""),
              elapsed,
              fleet,
              samples);
          history.summarize(startMillis + seconds * 500L);
          RocksDbMetrics.summarize(PrecomputedTokensOperator.FRAMES_MERGED.sum());
          ThreadCpu.print(cpuAtHalf, cpuAtEnd, mergedAtEnd - mergedAtHalf);
        } finally {
          cluster.cancelJob(job).get();
        }
      }
    }
  }

  static void ask(KafkaProducer<byte[], byte[]> producer, String topic, String camera) {
    String id = "load-" + UUID.randomUUID();
    Query query =
        Query.newBuilder()
            .setQueryId(id)
            .setCameraIds(List.of(camera))
            .setQuestion("What is moving?")
            .setIssuedAt(Instant.now())
            .setMaxNewTokens(4)
            .setDeadline(null)
            .build();
    producer.send(
        new ProducerRecord<>(
            topic, id.getBytes(StandardCharsets.UTF_8), AvroCodec.queries().encode(query)));
  }

  private static Sample sample(
      long second, long sent, long lag, AccessExecutionGraph graph, int cameras) {
    long oldGen = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage afterGc = pool.getCollectionUsage();
      if (afterGc != null && pool.getName().contains("Old Gen")) {
        oldGen += afterGc.getUsed();
      }
    }
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    CheckpointStatsSnapshot stats = graph.getCheckpointStatsSnapshot();
    CompletedCheckpointStats last =
        stats == null ? null : stats.getHistory().getLatestCompletedCheckpoint();
    long encodeState = 0;
    long answerState = 0;
    if (last != null) {
      for (TaskStateStats task : last.getAllTaskStateStats()) {
        String name = graph.getJobVertex(task.getJobVertexId()).getName();
        if (name.contains(StreamDyCokeJob.ENCODE)) {
          encodeState += task.getStateSize();
        } else if (name.contains(StreamDyCokeJob.ANSWER + " ")
            || name.startsWith(StreamDyCokeJob.ANSWER)) {
          answerState += task.getStateSize();
        }
      }
    }
    return new Sample(
        second,
        sent,
        lag,
        oldGen >> 20,
        heap >> 20,
        stats == null ? 0 : stats.getCounts().getNumberOfCompletedCheckpoints(),
        stats == null ? 0 : stats.getCounts().getNumberOfFailedCheckpoints(),
        last == null ? -1 : last.getEndToEndDuration(),
        last == null ? -1 : last.getStateSize(),
        last == null ? -1 : last.getCheckpointedSize(),
        encodeState / cameras,
        answerState / cameras);
  }

  private static void print(Sample s) {
    long merged = PrecomputedTokensOperator.FRAMES_MERGED.sum();
    System.out.printf(
        Locale.ROOT,
        (merged > 0 ? "merged=%8d ".formatted(merged) : "")
            + "t=%4ds sent=%8d lag=%7d oldGen=%5dMB heap=%5dMB checkpoints=%d (failed %d) last: %6d ms, %7.1f MB"
            + " (%7.1f MB uploaded), state/camera: encode %6d B, answer %7d B%n",
        s.second(),
        s.sent(),
        s.lag(),
        s.oldGenMb(),
        s.heapMb(),
        s.checkpoints(),
        s.failedCheckpoints(),
        s.checkpointMs(),
        s.checkpointBytes() / 1e6,
        s.checkpointedBytes() / 1e6,
        s.encodeStatePerCamera(),
        s.answerStatePerCamera());
  }

  private static void summarize(
      int cameras,
      double fps,
      int parallelism,
      long checkpointMs,
      String backend,
      double elapsed,
      SyntheticFleet fleet,
      List<Sample> samples) {
    System.out.printf(
        Locale.ROOT,
        "%n%d cameras x %.2f fps (RGB24 %dx%d), parallelism %d, state backend %s, checkpoints every %d ms, %.0f s%n",
        cameras,
        fps,
        WIDTH,
        HEIGHT,
        parallelism,
        backend,
        checkpointMs,
        elapsed);
    if (samples.size() < 4) {
      System.out.println("too short to judge trends");
      return;
    }
    Sample last = samples.get(samples.size() - 1);
    System.out.printf(
        Locale.ROOT,
        "offered %.1f frames/s (target %.1f), send failures %d; sustained %.1f frames/s%n",
        last.sent() / elapsed,
        cameras * fps,
        fleet.sendFailures(),
        (last.sent() - Math.max(0, last.lag())) / elapsed);
    // Judge the second half: the first fills the caches (1024 tokens = 17 frames per camera).
    List<Sample> second = samples.subList(samples.size() / 2, samples.size());
    Sample mid = second.get(0);
    System.out.printf(
        Locale.ROOT,
        "second half (t=%d..%d s): lag %d -> %d, old gen %d -> %d MB, "
            + "state/camera encode %d -> %d B, answer %d -> %d B%n",
        mid.second(),
        last.second(),
        mid.lag(),
        last.lag(),
        mid.oldGenMb(),
        last.oldGenMb(),
        mid.encodeStatePerCamera(),
        last.encodeStatePerCamera(),
        mid.answerStatePerCamera(),
        last.answerStatePerCamera());
    long maxMs = second.stream().mapToLong(Sample::checkpointMs).max().orElse(-1);
    double meanMs = second.stream().mapToLong(Sample::checkpointMs).average().orElse(-1);
    double meanMb = second.stream().mapToLong(Sample::checkpointBytes).average().orElse(-1) / 1e6;
    System.out.printf(
        Locale.ROOT,
        "checkpoints (second half, as sampled): duration mean %.0f ms, max %d ms; size mean %.1f MB; "
            + "%d completed, %d failed in all%n",
        meanMs,
        maxMs,
        meanMb,
        last.checkpoints(),
        last.failedCheckpoints());
    double uploadedMb =
        second.stream().mapToLong(Sample::checkpointedBytes).average().orElse(-1) / 1e6;
    System.out.printf(
        Locale.ROOT,
        "checkpoints (second half): uploaded (checkpointed_size) mean %.1f MB of %.1f MB state"
            + " (state_size), %.0f %%%n",
        uploadedMb,
        meanMb,
        100 * uploadedMb / meanMb);
    long frames = PrecomputedTokensOperator.FRAMES_MERGED.sum();
    if (frames > 0) {
      System.out.printf(
          Locale.ROOT,
          "TTM state written per merged frame: %.0f B (%d frames); tokens kept per frame %.1f%n",
          (double) PrecomputedTokensOperator.TTM_BYTES_WRITTEN.sum() / frames,
          frames,
          (double) PrecomputedTokensOperator.TOKENS_KEPT.sum() / frames);
    }
  }
}
