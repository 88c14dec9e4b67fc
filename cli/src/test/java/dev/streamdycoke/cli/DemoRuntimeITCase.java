package dev.streamdycoke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamdycoke.job.args.KafkaOptions;
import dev.streamdycoke.job.testing.ListeningSockets;
import dev.streamdycoke.model.checkpoint.TinyCheckpointWriter;
import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.Frame;
import dev.streamdycoke.schemas.FrameFormat;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.JobStatus;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The demo's runtime (embedded broker and the job on a MiniCluster, wired as {@code demo} wires
 * them, with its default options) opens no socket another machine can reach, and its REST API does
 * not take jars: reaching the web UI must not mean running code on this machine. The status line's
 * load counters come through its REST API.
 */
class DemoRuntimeITCase {
  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir Path dir;

  @Test
  void everyListeningSocketIsOnLoopbackAndJarUploadIsRefused() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/net")), "Linux /proc");
    Path model = TinyCheckpointWriter.writeTiny(Files.createDirectories(dir.resolve("model")));
    int webPort = freePort();
    DemoCommand demo = new DemoCommand();
    // The demo's defaults (bind address included), with ports that cannot collide with a running
    // demo.
    new CommandLine(demo)
        .parseArgs(
            "--model",
            model.toString(),
            "--web-port",
            Integer.toString(webPort),
            "--kafka-port",
            "0");

    try (DemoRuntime runtime =
        DemoRuntime.start(
            demo.bindAddress,
            demo.kafkaPort,
            demo.webPort,
            2,
            demo.job.settings(model),
            demo.job)) {
      awaitRunning(runtime);
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

      List<InetSocketAddress> listening = ListeningSockets.ofThisProcess();
      System.out.println("listening: " + listening);
      assertTrue(
          listening.stream().anyMatch(s -> s.getPort() == webPort),
          "the web UI's port in " + listening);
      int brokerPort = Integer.parseInt(runtime.bootstrapServers().replaceAll(".*:", ""));
      assertTrue(
          listening.stream().anyMatch(s -> s.getPort() == brokerPort),
          "the broker's port in " + listening);
      List<InetSocketAddress> exposed =
          listening.stream().filter(s -> !s.getAddress().isLoopbackAddress()).toList();
      assertEquals(List.of(), exposed, "sockets other machines can reach");

      JsonNode config =
          new ObjectMapper()
              .readTree(
                  http.send(
                          HttpRequest.newBuilder(URI.create(runtime.webUrl() + "/config")).build(),
                          HttpResponse.BodyHandlers.ofString())
                      .body());
      assertFalse(
          config.path("features").path("web-submit").asBoolean(true), "web-submit in " + config);

      HttpResponse<String> upload =
          http.send(
              uploadRequest(runtime.webUrl(), dir.resolve("job.jar")),
              HttpResponse.BodyHandlers.ofString());
      assertTrue(
          upload.statusCode() >= 400 && upload.statusCode() < 500,
          "POST /jars/upload answered " + upload.statusCode() + ": " + upload.body());

      // The status line's counters come through the REST API: frames an hour old are shed before
      // decoding (default age bound 2 s).
      sendStaleFrames(runtime, 3);
      JobMetrics metrics =
          new JobMetrics(runtime.webUrl(), runtime.jobClient().getJobID().toString());
      JobMetrics.Counts counts = metrics.read();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (counts.shedBeforeDecode() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(1_000);
        counts = metrics.read();
      }
      assertEquals(new JobMetrics.Counts(3, 0, 0, 0), counts);
      assertTrue(
          DemoCommand.loadCounts(metrics).startsWith("3 frames shed (3 before decode"),
          DemoCommand.loadCounts(metrics));
    }
  }

  private static void sendStaleFrames(DemoRuntime runtime, int count) throws Exception {
    KafkaOptions kafka = runtime.kafka();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            kafka.clientProperties("demo-runtime-it"),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (int seq = 0; seq < count; seq++) {
        Frame frame =
            Frame.newBuilder()
                .setCameraId("cam-stale")
                .setSeq(seq)
                .setCaptureTime(Instant.now().minus(Duration.ofHours(1)))
                .setFormat(FrameFormat.RGB24)
                .setWidth(2)
                .setHeight(2)
                .setData(ByteBuffer.wrap(new byte[12]))
                .setAttributes(null)
                .build();
        producer
            .send(
                new ProducerRecord<>(
                    kafka.topics().frames(),
                    "cam-stale".getBytes(StandardCharsets.UTF_8),
                    AvroCodec.frames().encode(frame)))
            .get();
      }
    }
  }

  /** A multipart upload of a (nearly empty) jar, as the web UI's "Submit New Job" sends it. */
  private static HttpRequest uploadRequest(String webUrl, Path jar) throws IOException {
    Files.write(
        jar, new byte[] {'P', 'K', 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    String boundary = "streamdycoke-test-boundary";
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"job.jar\"\r\n"
                + "Content-Type: application/x-java-archive\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    return HttpRequest.newBuilder(URI.create(webUrl + "/jars/upload"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, Files.readAllBytes(jar), tail)))
        .timeout(Duration.ofSeconds(30))
        .build();
  }

  /** Waits until the job runs: by then the TaskManager and its data port are up too. */
  private static void awaitRunning(DemoRuntime runtime) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    JobStatus status = null;
    while (System.nanoTime() < deadline) {
      status = runtime.jobClient().getJobStatus().get();
      if (status == JobStatus.RUNNING) {
        return;
      }
      assertFalse(status.isGloballyTerminalState(), "the demo job ended: " + status);
      Thread.sleep(250);
    }
    throw new AssertionError("the demo job is " + status + " after " + WAIT);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
