package dev.streamdycoke.benchmarks.qa;

import dev.streamdycoke.cli.cameras.CameraFleetProducer;
import dev.streamdycoke.cli.cameras.KafkaFrameSink;
import dev.streamdycoke.cli.cameras.SimulatedCamera;
import dev.streamdycoke.cli.kafka.EmbeddedKafka;
import dev.streamdycoke.job.FlinkSetup;
import dev.streamdycoke.job.JobSettings;
import dev.streamdycoke.job.StreamDyCokeJob;
import dev.streamdycoke.job.Topics;
import dev.streamdycoke.job.io.ConsumerLag;
import dev.streamdycoke.job.io.KafkaConnections;
import dev.streamdycoke.model.checkpoint.TinyCheckpointWriter;
import dev.streamdycoke.operators.ModelSpec;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.FrameFormat;
import dev.streamdycoke.schemas.Query;
import dev.streamdycoke.simulator.scene.SceneConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The whole job on this machine with the tiny checkpoint: an embedded broker, a MiniCluster, N
 * simulated cameras at F fps (JPEG, 384x288) and a question to one camera every second. Reports the
 * frames per second the job sustained (sent minus the lag at the end), whether the lag grew, and
 * p50/p99 from a question's publication to its answer being consumed with read_committed (which
 * includes waiting for the checkpoint that commits it).
 *
 * <pre>
 * mvn -q -B -pl job -am test-compile -DskipTests &amp;&amp; mvn -q -B -pl job exec:exec -Dexec.classpathScope=test \
 *   -Dexec.executable=java -Dexec.args="@../conf/jvm-flink.args -Xmx6g -cp %classpath \
 *   dev.streamdycoke.benchmarks.qa.EndToEndBenchmark 16 2 60 2 1000"
 * </pre>
 *
 * Arguments: cameras, fps per camera, seconds, parallelism, checkpoint interval ms.
 */
public final class EndToEndBenchmark {
  private static volatile boolean reading = true;

  public static void main(String[] args) throws Exception {
    int cameras = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    double fps = args.length > 1 ? Double.parseDouble(args[1]) : 2;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
    int parallelism = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    long checkpointMs = args.length > 4 ? Long.parseLong(args[4]) : 1000;

    Path model = Files.createTempDirectory("streamdycoke-bench-model");
    TinyCheckpointWriter.writeTiny(model);
    Topics topics = Topics.defaults();
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
      kafka.createJobTopics(topics, Math.max(2, cameras));
      Properties client = new Properties();
      client.put("bootstrap.servers", kafka.bootstrapServers());

      // Every frame encoded, as when docs/benchmarks.md's numbers were taken before the change
      // gate.
      JobSettings settings =
          JobSettings.defaults(new ModelSpec(model.toString(), "cpu"))
              .withCheckpointInterval(Duration.ofMillis(checkpointMs))
              .withEveryFrameEncoded();
      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.getExecutionEnvironment(
              FlinkSetup.configuration(settings.checkpointInterval(), null, "hashmap"));
      env.setParallelism(parallelism);
      FlinkSetup.enableCheckpointing(env, settings.checkpointInterval());
      KafkaConnections connections =
          new KafkaConnections(
              kafka.bootstrapServers(), new Properties(), topics, "bench", "bench");
      StreamDyCokeJob.build(env, settings, connections);
      JobClient job = env.executeAsync("streamdycoke-bench");

      Map<String, Long> asked = new ConcurrentHashMap<>();
      List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
      List<String> statuses = Collections.synchronizedList(new ArrayList<>());
      Thread reader =
          answerReader(kafka.bootstrapServers(), topics.answers(), asked, latencies, statuses);
      reader.start();

      CameraFleetProducer fleet =
          new CameraFleetProducer(
              CameraFleetProducer.Settings.of(cameras, fps).withWorkers(1),
              (id, index) -> new SimulatedCamera(SceneConfig.defaults(index + 1)),
              KafkaFrameSink.create(client, topics.frames(), FrameFormat.JPEG));
      List<long[]> lagSamples = new ArrayList<>();
      try (fleet;
          ConsumerLag lag = new ConsumerLag(client, "bench", topics.frames());
          KafkaProducer<byte[], byte[]> questions =
              new KafkaProducer<>(client, new ByteArraySerializer(), new ByteArraySerializer())) {
        fleet.start();
        List<String> ids = fleet.cameraIds();
        long start = System.nanoTime();
        for (int s = 1; s <= seconds; s++) {
          Thread.sleep(Math.max(0, start + s * 1_000_000_000L - System.nanoTime()) / 1_000_000);
          String id = "b-" + UUID.randomUUID();
          Query query =
              Query.newBuilder()
                  .setQueryId(id)
                  .setCameraIds(List.of(ids.get(s % ids.size())))
                  .setQuestion("What is moving?")
                  .setIssuedAt(Instant.now())
                  .setMaxNewTokens(8)
                  .setDeadline(null)
                  .build();
          asked.put(id, System.nanoTime());
          questions.send(
              new ProducerRecord<>(
                  topics.queries(),
                  id.getBytes(StandardCharsets.UTF_8),
                  AvroCodec.queries().encode(query)));
          if (s % 5 == 0) {
            lagSamples.add(new long[] {s, fleet.stats().framesSent(), lag.records()});
          }
        }
        long sent = fleet.stats().framesSent();
        long finalLag = lag.records();
        double elapsed = (System.nanoTime() - start) / 1e9;
        report(
            cameras,
            fps,
            parallelism,
            checkpointMs,
            elapsed,
            sent,
            finalLag,
            lagSamples,
            latencies,
            statuses);
      } finally {
        job.cancel().get();
        reading = false;
        reader.join(5_000);
      }
    }
  }

  private static void report(
      int cameras,
      double fps,
      int parallelism,
      long checkpointMs,
      double elapsed,
      long sent,
      long finalLag,
      List<long[]> lagSamples,
      List<Double> latencies,
      List<String> statuses) {
    System.out.printf(
        Locale.ROOT,
        "%d cameras x %.1f fps, parallelism %d, checkpoints every %d ms, %.0f s%n",
        cameras,
        fps,
        parallelism,
        checkpointMs,
        elapsed);
    System.out.println("  second  frames sent  job lag (frames, as of the last checkpoint)");
    for (long[] sample : lagSamples) {
      System.out.printf(Locale.ROOT, "  %6d  %11d  %d%n", sample[0], sample[1], sample[2]);
    }
    System.out.printf(
        Locale.ROOT,
        "offered %.1f frames/s, sustained %.1f frames/s (sent - final lag over the run)%n",
        sent / elapsed,
        (sent - Math.max(0, finalLag)) / elapsed);
    List<Double> sorted;
    synchronized (latencies) {
      sorted = new ArrayList<>(latencies);
    }
    Collections.sort(sorted);
    if (sorted.isEmpty()) {
      System.out.println("no answers received");
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "answers %d (%s); question published -> answer consumed: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
        sorted.size(),
        summary(statuses),
        percentile(sorted, 0.50),
        percentile(sorted, 0.99),
        sorted.get(sorted.size() - 1));
  }

  private static String summary(List<String> statuses) {
    Map<String, Long> counts = new java.util.TreeMap<>();
    synchronized (statuses) {
      statuses.forEach(s -> counts.merge(s, 1L, Long::sum));
    }
    return counts.toString();
  }

  private static double percentile(List<Double> sorted, double p) {
    int index = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static Thread answerReader(
      String bootstrap,
      String topic,
      Map<String, Long> asked,
      List<Double> latencies,
      List<String> statuses) {
    Thread t =
        new Thread(
            () -> {
              Properties props = new Properties();
              props.put("bootstrap.servers", bootstrap);
              props.put("group.id", "bench-reader");
              props.put("auto.offset.reset", "earliest");
              props.put("isolation.level", "read_committed");
              AvroCodec<Answer> codec = AvroCodec.answers();
              try (KafkaConsumer<byte[], byte[]> consumer =
                  new KafkaConsumer<>(
                      props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topic));
                while (reading) {
                  for (ConsumerRecord<byte[], byte[]> record :
                      consumer.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    Answer answer = codec.decode(record.value());
                    Long at = asked.remove(answer.getQueryId());
                    statuses.add(answer.getStatus().name());
                    if (at != null && answer.getStatus() == AnswerStatus.OK) {
                      latencies.add((now - at) / 1e6);
                    }
                  }
                }
              } catch (Exception e) {
                e.printStackTrace();
              }
            },
            "bench-answers");
    t.setDaemon(true);
    return t;
  }
}
