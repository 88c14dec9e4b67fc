package dev.streamdycoke.benchmarks.qa;

import dev.streamdycoke.benchmarks.standing.StandingAlertBenchmark;
import dev.streamdycoke.cli.DemoCheckpoint;
import dev.streamdycoke.cli.kafka.EmbeddedKafka;
import dev.streamdycoke.job.FlinkSetup;
import dev.streamdycoke.job.JobSettings;
import dev.streamdycoke.job.StreamDyCokeJob;
import dev.streamdycoke.job.Topics;
import dev.streamdycoke.job.args.JobOptions;
import dev.streamdycoke.job.io.ConsumerLag;
import dev.streamdycoke.model.LlavaOnevisionModel;
import dev.streamdycoke.model.ModelOptions;
import dev.streamdycoke.model.session.AnswerSettings;
import dev.streamdycoke.operators.cache.TokenCacheConfig;
import dev.streamdycoke.operators.ttm.TtmConfig;
import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.Query;
import dev.streamdycoke.schemas.StandingSpec;
import dev.streamdycoke.simulator.scene.ObjectColour;
import dev.streamdycoke.simulator.scene.ObjectKind;
import dev.streamdycoke.training.DemoModelEvaluation;
import dev.streamdycoke.training.HeldOutScene;
import dev.streamdycoke.training.StreamSetup;
import dev.streamdycoke.training.StreamingQaScorer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.executiongraph.AccessExecutionJobVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;

/**
 * What standing questions cost the whole job (issue 17): C synthetic cameras at 1 fps through the
 * job as {@link LoadBenchmark} runs it (embedded broker, MiniCluster, the same {@link
 * SyntheticFleet}), with the demo model, and S standing questions evaluated on every frame of every
 * camera, either S wildcard questions ({@code *}) or S questions registered per camera. Every 10 s
 * it samples the consumer lag and, over Flink's REST API, the answer operator's standing metrics
 * (evaluations, deferred evaluations, events, rejections); in the same run, on the benchmark's own
 * thread (so under the same load), it times an anytime answer against re-prefilling the cached
 * frames for it ({@link StandingAlertBenchmark#reprefill}, the demo model's default cache, 16
 * frames of a held-out scene).
 *
 * <pre>
 * BENCH_JAVA_OPTS=-Xmx3g nice -n 10 tools/run-benchmark.sh \
 *   dev.streamdycoke.benchmarks.qa.StandingLoadBenchmark 10 4 120 '*' tower --change-threshold 0
 * </pre>
 *
 * Arguments: cameras, standing questions, seconds, {@code *} (S wildcard questions) or {@code
 * per-camera} (S questions registered for each camera), encoder ({@code tower} or {@code
 * precomputed}, as {@link LoadBenchmark}), then any flags of {@code run} (e.g. {@code
 * --change-threshold 0} so every frame is evaluated, {@code --standing-evaluations-per-second}).
 * Parallelism 2, hashmap state, checkpoints every 10 s.
 */
public final class StandingLoadBenchmark {
  private static final int WIDTH = 64;
  private static final int HEIGHT = 48;
  private static final int SAMPLE_SECONDS = 10;
  private static final int PARALLELISM = 2;
  private static final long CHECKPOINT_MS = 10_000;
  private static final int COST_FRAMES = 16;
  private static final List<String> METRICS =
      List.of(
          "standingEvaluations",
          "standingEvaluationsDeferred",
          "standingEvents",
          "standingRejected",
          "standingRegistered");

  /**
   * Records into the answer operator: frames, and the few per-camera registrations. Frames sent
   * minus these is the backlog inside the job, which Kafka's consumer lag does not show while the
   * network buffers between the operators absorb it.
   */
  private static final String ANSWER_RECORDS_IN = StreamDyCokeJob.ANSWER + ".numRecordsIn";

  private StandingLoadBenchmark() {}

  /** One sample: frames sent, consumer lag, the standing metrics summed over subtasks. */
  record Sample(long second, long sent, long lag, Map<String, Long> metrics) {
    long metric(String name) {
      return metrics.getOrDefault(name, 0L);
    }

    /** Frames sent that the answer operator has not taken in yet (0 before its metric shows). */
    long backlog() {
      return metrics.containsKey(ANSWER_RECORDS_IN) ? sent - metric(ANSWER_RECORDS_IN) : 0;
    }
  }

  public static void main(String[] args) throws Exception {
    int cameras = Integer.parseInt(args[0]);
    int questions = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    boolean wildcard = args[3].equals("*");
    boolean precomputed = args[4].equals("precomputed");
    String[] runFlags = Arrays.copyOfRange(args, 5, args.length);

    Path model = DemoCheckpoint.unpack();
    Path checkpoints = Files.createTempDirectory("streamdycoke-standing-load-checkpoints");
    Topics topics = Topics.defaults();
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start();
        LlavaOnevisionModel costModel = LlavaOnevisionModel.load(model, ModelOptions.cpu())) {
      kafka.createTopics(8, topics.frames());
      kafka.createTopics(1, topics.queries(), topics.answers(), topics.deadLetters());
      Properties client = new Properties();
      client.put("bootstrap.servers", kafka.bootstrapServers());

      JobOptions options = new JobOptions();
      new CommandLine(options).parseArgs(runFlags);
      JobSettings settings =
          options.settings(model).withCheckpointInterval(Duration.ofMillis(CHECKPOINT_MS));
      Configuration conf =
          FlinkSetup.configuration(
              settings.checkpointInterval(), checkpoints.toUri().toString(), "hashmap");
      conf.set(RestOptions.BIND_PORT, "0");
      conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(2));
      try (MiniCluster cluster = BenchmarkJob.startCluster(conf, PARALLELISM)) {
        JobID job =
            BenchmarkJob.submit(
                cluster,
                conf,
                PARALLELISM,
                settings,
                kafka.bootstrapServers(),
                topics,
                "load",
                precomputed);
        Metrics metrics = new Metrics(cluster.getRestAddress().get(), job);

        Cost cost = new Cost(costModel);
        List<Sample> samples = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(client, new ByteArraySerializer(), new ByteArraySerializer())) {
          register(producer, topics.queries(), cameras, questions, wildcard);
        }
        try (SyntheticFleet fleet =
                new SyntheticFleet(client, topics.frames(), cameras, 1, WIDTH, HEIGHT);
            ConsumerLag lag = new ConsumerLag(client, "load", topics.frames())) {
          fleet.start();
          long start = System.nanoTime();
          for (int s = SAMPLE_SECONDS; s <= seconds; s += SAMPLE_SECONDS) {
            Thread.sleep(Math.max(0, start + s * 1_000_000_000L - System.nanoTime()) / 1_000_000);
            Sample sample =
                new Sample(
                    s,
                    fleet.framesSent(),
                    lag.records(),
                    metrics.sum(cluster.getExecutionGraph(job).get().getAllVertices().values()));
            cost.measure();
            samples.add(sample);
            print(sample, samples.size() > 1 ? samples.get(samples.size() - 2) : null, cost);
          }
          summarize(
              cameras,
              questions,
              wildcard,
              precomputed,
              runFlags,
              (System.nanoTime() - start) / 1e9,
              fleet,
              samples,
              cost);
        } finally {
          cluster.cancelJob(job).get();
        }
      }
    }
  }

  /** S questions: "is anything stopped?" and "is there a &lt;colour&gt; &lt;kind&gt;?". */
  static List<String> questions(int n) {
    List<String> out = new ArrayList<>();
    out.add("is anything stopped?");
    for (ObjectKind kind : ObjectKind.values()) {
      for (ObjectColour colour : ObjectColour.values()) {
        out.add("is there a " + colour.label() + " " + kind.label() + "?");
      }
    }
    List<String> picked = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      picked.add(out.get(i % out.size()));
    }
    return picked;
  }

  /**
   * Registers the standing questions, every frame, ON_CHANGE, keyed by query id as the CLI does.
   */
  private static void register(
      KafkaProducer<byte[], byte[]> producer,
      String topic,
      int cameras,
      int questions,
      boolean wildcard) {
    List<String> texts = questions(questions);
    List<List<String>> targets = new ArrayList<>();
    if (wildcard) {
      targets.add(List.of("*"));
    } else {
      for (int c = 0; c < cameras; c++) {
        targets.add(List.of(SyntheticFleet.cameraId(c)));
      }
    }
    int n = 0;
    for (List<String> target : targets) {
      for (String text : texts) {
        String id = "standing-load-" + n++;
        Query query =
            Query.newBuilder()
                .setQueryId(id)
                .setCameraIds(target)
                .setQuestion(text)
                .setIssuedAt(Instant.now())
                .setMaxNewTokens(4)
                .setDeadline(null)
                .setStanding(StandingSpec.newBuilder().build())
                .build();
        producer.send(
            new ProducerRecord<>(
                topic, id.getBytes(StandardCharsets.UTF_8), AvroCodec.queries().encode(query)));
      }
    }
    producer.flush();
    System.out.printf(Locale.ROOT, "registered %d standing questions%n", n);
  }

  /**
   * Anytime answer against re-prefill on the same cached frames, timed on this thread while the job
   * runs: the same question asked at each of 16 frames of a held-out scene (the job's default TTM
   * and cache), the last ask timed, then the same question from a fresh session re-prefilled with
   * the 16 frames.
   */
  private static final class Cost {
    private final LlavaOnevisionModel model;
    private final List<HeldOutScene> scene;
    private final StreamSetup setup =
        new StreamSetup(
            "default cache",
            TtmConfig.defaults(),
            TokenCacheConfig.defaults(),
            AnswerSettings.withoutPruning(StreamSetups.MAX_NEW_TOKENS));
    private final String question = questions(2).get(1);
    private final List<Double> anytimeMs = new ArrayList<>();
    private final List<Double> reprefillMs = new ArrayList<>();

    Cost(LlavaOnevisionModel model) {
      this.model = model;
      this.scene = DemoModelEvaluation.scenes(model, 1, COST_FRAMES, 0);
    }

    void measure() {
      long[] anytime = new long[1];
      StreamingQaScorer.stream(
          model,
          setup,
          scene,
          (s, f, kept, asker) -> {
            long t = System.nanoTime();
            asker.ask(question);
            anytime[0] = System.nanoTime() - t;
          });
      anytimeMs.add(anytime[0] / 1e6);
      reprefillMs.add(
          StandingAlertBenchmark.reprefill(model, setup, scene.get(0), COST_FRAMES - 1, question)
              / 1e6);
    }

    double last(List<Double> ms) {
      return ms.get(ms.size() - 1);
    }

    /** Median of the samples after the first (which warms the model up). */
    double median(List<Double> ms) {
      List<Double> sorted = new ArrayList<>(ms.subList(Math.min(1, ms.size() - 1), ms.size()));
      sorted.sort(null);
      return sorted.get(sorted.size() / 2);
    }
  }

  /** The answer and router operators' standing counters, summed over subtasks, via REST. */
  private static final class Metrics {
    private static final Pattern ENTRY =
        Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"\\s*(?:,\\s*\"sum\"\\s*:\\s*([0-9.Ee+-]+))?");
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI rest;
    private final JobID job;

    Metrics(URI rest, JobID job) {
      this.rest = rest;
      this.job = job;
    }

    Map<String, Long> sum(Iterable<? extends AccessExecutionJobVertex> vertices) throws Exception {
      Map<String, Long> out = new LinkedHashMap<>();
      for (AccessExecutionJobVertex v : vertices) {
        String base =
            rest + "/jobs/" + job + "/vertices/" + v.getJobVertexId() + "/subtasks/metrics";
        List<String> wanted = new ArrayList<>();
        Matcher ids = ENTRY.matcher(get(base));
        while (ids.find()) {
          String id = ids.group(1);
          for (String name : METRICS) {
            if (id.endsWith("." + name)) {
              wanted.add(id);
            }
          }
          if (id.equals(ANSWER_RECORDS_IN)) {
            wanted.add(id);
          }
        }
        if (wanted.isEmpty()) {
          continue;
        }
        String query =
            URLEncoder.encode(String.join(",", wanted), StandardCharsets.UTF_8) + "&agg=sum";
        Matcher values = ENTRY.matcher(get(base + "?get=" + query));
        while (values.find()) {
          if (values.group(2) == null) {
            continue;
          }
          String id = values.group(1);
          String name =
              id.equals(ANSWER_RECORDS_IN)
                  ? ANSWER_RECORDS_IN
                  : id.substring(id.lastIndexOf('.') + 1);
          out.merge(name, (long) Double.parseDouble(values.group(2)), Long::sum);
        }
      }
      return out;
    }

    private String get(String uri) throws Exception {
      return http.send(
              HttpRequest.newBuilder(URI.create(uri)).GET().build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    }
  }

  private static void print(Sample s, Sample previous, Cost cost) {
    long evaluations = s.metric("standingEvaluations");
    double rate =
        previous == null
            ? evaluations / (double) s.second()
            : (evaluations - previous.metric("standingEvaluations"))
                / (double) (s.second() - previous.second());
    System.out.printf(
        Locale.ROOT,
        "t=%4ds sent=%7d lag=%6d backlog=%6d evaluations=%8d (%6.1f/s) deferred=%7d events=%6d"
            + " rejected=%d registered=%d | anytime %.1f ms, re-prefill %.1f ms%n",
        s.second(),
        s.sent(),
        s.lag(),
        s.backlog(),
        evaluations,
        rate,
        s.metric("standingEvaluationsDeferred"),
        s.metric("standingEvents"),
        s.metric("standingRejected"),
        s.metric("standingRegistered"),
        cost.last(cost.anytimeMs),
        cost.last(cost.reprefillMs));
  }

  private static void summarize(
      int cameras,
      int questions,
      boolean wildcard,
      boolean precomputed,
      String[] runFlags,
      double elapsed,
      SyntheticFleet fleet,
      List<Sample> samples,
      Cost cost) {
    System.out.printf(
        Locale.ROOT,
        "%n%d cameras x 1 fps x %d standing questions (%s), %s, parallelism %d, %s, %.0f s%n",
        cameras,
        questions,
        wildcard ? "wildcard" : "per camera",
        precomputed ? "precomputed tokens" : "vision tower",
        PARALLELISM,
        runFlags.length == 0 ? "default flags" : String.join(" ", runFlags),
        elapsed);
    if (samples.size() < 4) {
      System.out.println("too short to judge trends");
      return;
    }
    Sample last = samples.get(samples.size() - 1);
    // The second half: the first fills the caches and registers the questions on the cameras.
    Sample mid = samples.get(samples.size() / 2);
    double window = last.second() - mid.second();
    double evaluationsPerSecond =
        (last.metric("standingEvaluations") - mid.metric("standingEvaluations")) / window;
    double framesPerSecond = (last.sent() - mid.sent()) / window;
    long lagGrowth = last.lag() - mid.lag();
    // Flat: the lag grew by less than 5 % of what was offered meanwhile (it wobbles with the
    // checkpoints, which commit the offsets it is measured against).
    long backlogGrowth = last.backlog() - mid.backlog();
    boolean flat =
        lagGrowth < 0.05 * (last.sent() - mid.sent())
            && backlogGrowth < 0.05 * (last.sent() - mid.sent());
    System.out.printf(
        Locale.ROOT,
        "offered %.1f frames/s (target %d), send failures %d%n"
            + "second half (t=%d..%d s): lag %d -> %d, backlog in the job %d -> %d (%s); evaluations %.1f/s of %.1f/s wanted"
            + " (frames/s x questions per camera); deferred %d -> %d; events %d -> %d;"
            + " rejected %d%n",
        (double) last.sent() / last.second(),
        cameras,
        fleet.sendFailures(),
        mid.second(),
        last.second(),
        mid.lag(),
        last.lag(),
        mid.backlog(),
        last.backlog(),
        flat ? "flat" : "growing",
        evaluationsPerSecond,
        framesPerSecond * questions,
        mid.metric("standingEvaluationsDeferred"),
        last.metric("standingEvaluationsDeferred"),
        mid.metric("standingEvents"),
        last.metric("standingEvents"),
        last.metric("standingRejected"));
    double anytime = cost.median(cost.anytimeMs);
    double reprefill = cost.median(cost.reprefillMs);
    System.out.printf(
        Locale.ROOT,
        "cost (same run, median of %d samples, %d frames cached): anytime %.1f ms, re-prefill %.1f ms"
            + " (%.0fx); re-prefilling for each of %.1f evaluations/s would take %.2f cores"
            + " (anytime: %.2f)%n",
        cost.anytimeMs.size() - 1,
        COST_FRAMES,
        anytime,
        reprefill,
        reprefill / anytime,
        evaluationsPerSecond,
        evaluationsPerSecond * reprefill / 1000,
        evaluationsPerSecond * anytime / 1000);
  }
}
