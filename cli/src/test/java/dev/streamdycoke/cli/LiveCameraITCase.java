package dev.streamdycoke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.streamdycoke.cli.cameras.CameraFleetProducer;
import dev.streamdycoke.cli.cameras.CameraHealth;
import dev.streamdycoke.cli.cameras.CameraState;
import dev.streamdycoke.cli.cameras.VlcRtspServer;
import dev.streamdycoke.job.testing.KafkaTestClients;
import dev.streamdycoke.model.checkpoint.TinyCheckpointWriter;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.Frame;
import dev.streamdycoke.schemas.Query;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Live RTSP cameras against a real RTSP server (Debian's VLC on loopback serving an H.264 clip) and
 * the real job (embedded broker, MiniCluster, tiny model), as {@code cameras --fleet} runs them:
 * frames flow and a question is answered; published frames stay within a couple of ticks of live; a
 * killed and restarted server takes its camera DOWN and back UP; a frozen server (SIGSTOP) takes
 * its camera DOWN while the fleet's other camera keeps its rate.
 *
 * <p>Prints a {@code LIVE-CAMERA} line with the measured numbers (docs/cameras.md quotes them).
 */
class LiveCameraITCase {
  private static final double FPS = 2;
  private static final long TICK_MS = Math.round(1000 / FPS);
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void liveCamerasFeedTheJobRecoverFromARestartAndStayIsolatedWhenOneFreezes() throws Exception {
    assumeTrue(VlcRtspServer.available(), "VLC (cvlc) is not installed; .ci/run installs it");
    byte[] clip;
    try (InputStream in = getClass().getResourceAsStream("/vtest-clip.h264")) {
      clip = in.readAllBytes();
    }
    // VLC runs as nobody and wants a home it may write to.
    Path home = Files.createDirectories(dir.resolve("vlc-home"));
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));
    try (VlcRtspServer door = new VlcRtspServer(clip, 10, VlcRtspServer.freePort(), home);
        VlcRtspServer yard = new VlcRtspServer(clip, 10, VlcRtspServer.freePort(), home)) {
      door.start();
      yard.start();
      Path model = TinyCheckpointWriter.writeTiny(Files.createDirectories(dir.resolve("model")));
      DemoCommand demo = new DemoCommand();
      new CommandLine(demo)
          .parseArgs(
              "--model",
              model.toString(),
              "--web-port",
              Integer.toString(VlcRtspServer.freePort()),
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
        Path fleetFile = dir.resolve("cameras.txt");
        Files.writeString(
            fleetFile,
            String.join(
                "\n",
                "# VLC's RTSP server streams RTP over UDP only",
                "door "
                    + door.url()
                    + " transport=udp stall-timeout=2s io-timeout=2s backoff-max=2s",
                "yard "
                    + yard.url()
                    + " transport=udp stall-timeout=2s io-timeout=2s backoff-max=2s",
                ""));
        CamerasCommand command = new CamerasCommand();
        new CommandLine(command)
            .parseArgs(
                "--fleet",
                fleetFile.toString(),
                "--fps",
                Double.toString(FPS),
                "--bootstrap-servers",
                runtime.bootstrapServers());
        try (FrameLog frames = new FrameLog(runtime.bootstrapServers());
            CameraFleetProducer fleet =
                CamerasCommand.fleet(runtime.kafka(), command.specs(), FPS, "jpeg", null, null)) {
          fleet.start();
          assertTrue(fleet.awaitFirstFrame(WAIT), "a first frame: " + fleet.health());
          awaitState(fleet, "door", CameraState.UP);
          awaitState(fleet, "yard", CameraState.UP);

          // Frames flow to the job, and it answers about a live camera.
          frames.await(f -> f.count("door") >= 4 && f.count("yard") >= 4);
          assertAnswered(runtime, "door");

          // Lag behind live: when the job's consumer got a frame minus when the camera took it.
          long lagStart = System.currentTimeMillis();
          Thread.sleep(5_000);
          long lagEnd = System.currentTimeMillis();
          List<Seen> window = frames.between(lagStart, lagEnd);
          long maxLag = window.stream().mapToLong(Seen::lagMillis).max().orElseThrow();
          long medianLag =
              window.stream().mapToLong(Seen::lagMillis).sorted().toArray()[window.size() / 2];
          double yardRate = rate(window, "yard", lagEnd - lagStart);
          assertTrue(
              maxLag <= 2 * TICK_MS,
              "published frames at most two ticks behind live: max " + maxLag + " ms");

          // Killed and restarted: the camera is reported DOWN, then recovers.
          door.kill();
          long killed = System.currentTimeMillis();
          awaitState(fleet, "door", CameraState.DOWN);
          long downAfter = System.currentTimeMillis() - killed;
          assertEquals(CameraState.UP, state(fleet, "yard"), "the other camera stays up");
          Thread.sleep(1_000);
          door.start();
          long restarted = System.currentTimeMillis();
          awaitState(fleet, "door", CameraState.UP);
          frames.await(f -> f.firstAfter("door", restarted) != null);
          long recovery = frames.firstAfter("door", restarted).receivedMillis() - restarted;
          assertTrue(health(fleet, "door").reconnects() > 0, "reconnects counted");

          // Frozen: the door camera goes DOWN, the yard camera keeps its rate.
          door.freeze();
          long frozen = System.currentTimeMillis();
          awaitState(fleet, "door", CameraState.DOWN);
          long frozenDownAfter = System.currentTimeMillis() - frozen;
          Thread.sleep(5_000);
          long frozenEnd = System.currentTimeMillis();
          List<Seen> duringFreeze = frames.between(frozen, frozenEnd);
          double yardRateFrozen = rate(duringFreeze, "yard", frozenEnd - frozen);
          long yardMaxLagFrozen =
              duringFreeze.stream()
                  .filter(s -> s.camera().equals("yard"))
                  .mapToLong(Seen::lagMillis)
                  .max()
                  .orElse(-1);
          assertTrue(
              yardRateFrozen >= 0.75 * yardRate,
              "yard keeps its rate while door is frozen: "
                  + yardRateFrozen
                  + " fps vs "
                  + yardRate
                  + " before");
          assertEquals(CameraState.UP, state(fleet, "yard"));
          door.thaw();

          System.out.println(
              String.format(
                  Locale.ROOT,
                  "LIVE-CAMERA fps=%.0f tick=%dms lag(median/max over %d frames)=%d/%d ms"
                      + " (%.2f/%.2f ticks) yard=%.2f fps; kill: DOWN after %d ms; restart:"
                      + " first frame after %d ms; freeze: DOWN after %d ms, yard=%.2f fps,"
                      + " yard max lag %d ms; %s",
                  FPS,
                  TICK_MS,
                  window.size(),
                  medianLag,
                  maxLag,
                  medianLag / (double) TICK_MS,
                  maxLag / (double) TICK_MS,
                  yardRate,
                  downAfter,
                  recovery,
                  frozenDownAfter,
                  yardRateFrozen,
                  yardMaxLagFrozen,
                  CameraHealth.summary(fleet.health())));
        }
      }
    }
  }

  private static void assertAnswered(DemoRuntime runtime, String camera) throws Exception {
    Query query =
        Query.newBuilder()
            .setQueryId("q-live")
            .setCameraIds(List.of(camera))
            .setQuestion("what is moving?")
            .setIssuedAt(Instant.now())
            .setMaxNewTokens(4)
            .setDeadline(null)
            .build();
    Properties client = KafkaTestClients.client(runtime.bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer = KafkaTestClients.producer(client);
        KafkaConsumer<byte[], byte[]> answers =
            KafkaTestClients.readCommitted(client, runtime.kafka().topics().answers())) {
      KafkaTestClients.sendQuery(producer, runtime.kafka().topics().queries(), query);
      List<Answer> received = new ArrayList<>();
      KafkaTestClients.pollUntil(answers, AvroCodec.answers(), received, l -> !l.isEmpty(), WAIT);
      Answer answer = received.get(0);
      assertEquals(camera, answer.getCameraId());
      assertEquals(AnswerStatus.OK, answer.getStatus(), "answer: " + answer);
      assertTrue(answer.getVisualTokens() > 0, "the answer saw the camera's frames: " + answer);
    }
  }

  private static double rate(List<Seen> window, String camera, long millis) {
    return window.stream().filter(s -> s.camera().equals(camera)).count() * 1000.0 / millis;
  }

  private static CameraHealth health(CameraFleetProducer fleet, String camera) {
    return fleet.health().stream()
        .filter(h -> h.cameraId().equals(camera))
        .findFirst()
        .orElseThrow();
  }

  private static CameraState state(CameraFleetProducer fleet, String camera) {
    return health(fleet, camera).state();
  }

  private static void awaitState(CameraFleetProducer fleet, String camera, CameraState state)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (state(fleet, camera) != state) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(camera + " not " + state + ": " + fleet.health());
      }
      Thread.sleep(50);
    }
  }

  /** A frame as the frames topic's consumer saw it. */
  record Seen(String camera, long seq, long captureMillis, long receivedMillis) {
    long lagMillis() {
      return receivedMillis - captureMillis;
    }
  }

  /** Reads the frames topic in the background, noting when each frame arrived. */
  private static final class FrameLog implements AutoCloseable {
    private final List<Seen> seen = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    FrameLog(String bootstrapServers) {
      Properties props = new Properties();
      props.put("bootstrap.servers", bootstrapServers);
      props.put("group.id", "live-camera-it");
      props.put("auto.offset.reset", "earliest");
      KafkaConsumer<byte[], byte[]> consumer =
          new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      consumer.subscribe(List.of("frames"));
      thread =
          new Thread(
              () -> {
                try (consumer) {
                  while (running) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                      long now = System.currentTimeMillis();
                      Frame f;
                      try {
                        f = AvroCodec.frames().decode(r.value());
                      } catch (Exception e) {
                        throw new IllegalStateException("an undecodable frame", e);
                      }
                      synchronized (seen) {
                        seen.add(
                            new Seen(
                                f.getCameraId(),
                                f.getSeq(),
                                f.getCaptureTime().toEpochMilli(),
                                now));
                      }
                    }
                  }
                }
              },
              "frame-log");
      thread.setDaemon(true);
      thread.start();
    }

    long count(String camera) {
      synchronized (seen) {
        return seen.stream().filter(s -> s.camera().equals(camera)).count();
      }
    }

    Seen firstAfter(String camera, long millis) {
      synchronized (seen) {
        return seen.stream()
            .filter(s -> s.camera().equals(camera) && s.captureMillis() > millis)
            .findFirst()
            .orElse(null);
      }
    }

    List<Seen> between(long from, long to) {
      synchronized (seen) {
        return seen.stream()
            .filter(s -> s.receivedMillis() >= from && s.receivedMillis() < to)
            .toList();
      }
    }

    void await(Predicate<FrameLog> done) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!done.test(this)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("frames so far: " + seen.size());
        }
        Thread.sleep(50);
      }
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join(5_000);
    }
  }
}
