package dev.streamdycoke.cli.cameras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.model.vision.RgbImage;
import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.Frame;
import dev.streamdycoke.simulator.scene.SceneConfig;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The fleet's pacing and bookkeeping against an in-memory sink; Kafka itself is covered by {@link
 * KafkaFrameSinkTest} (MockProducer), a real broker by a later integration test.
 */
class CameraFleetProducerTest {

  private static final SceneConfig SMALL = SceneConfig.builder(1).size(128, 96).build();

  @Test
  void camerasPublishAtTheirRateInOrder() throws Exception {
    int cameras = 5;
    double fps = 20;
    RecordingSink sink = new RecordingSink();
    CameraFleetProducer.Settings settings =
        CameraFleetProducer.Settings.of(cameras, fps)
            .withEncoding(FrameEncoding.rgb24())
            .withWorkers(2);
    long started;
    long elapsedNanos;
    try (CameraFleetProducer fleet =
        new CameraFleetProducer(
            settings,
            (id, index) -> new SimulatedCamera(SMALL.toBuilder().seed(index).build()),
            sink)) {
      assertEquals(List.of("cam-01", "cam-02", "cam-03", "cam-04", "cam-05"), fleet.cameraIds());
      started = System.nanoTime();
      fleet.start();
      Thread.sleep(1000);
      fleet.close();
      elapsedNanos = System.nanoTime() - started;
      FleetStats stats = fleet.stats();
      assertEquals(stats.framesCaptured(), stats.framesSent());
      assertEquals(sink.sent().size(), stats.framesSent());
      assertEquals(0, stats.sendErrors());
      assertEquals(sink.sent().stream().mapToLong(s -> s.value().length).sum(), stats.bytesSent());
    }
    assertTrue(sink.closed(), "the fleet closes the sink it owns");

    AvroCodec<Frame> codec = AvroCodec.frames();
    Map<String, List<Frame>> byCamera = new HashMap<>();
    for (RecordingSink.Sent s : sink.sent()) {
      Frame f = codec.decode(s.value());
      assertEquals(s.cameraId(), f.getCameraId());
      assertEquals(f.getCaptureTime().toEpochMilli(), s.timestampMillis());
      byCamera.computeIfAbsent(s.cameraId(), k -> new ArrayList<>()).add(f);
    }
    assertEquals(cameras, byCamera.size());
    double expected = fps * elapsedNanos / 1e9;
    for (List<Frame> frames : byCamera.values()) {
      // In order, no gaps: a camera only captures when it is free.
      for (int i = 0; i < frames.size(); i++) {
        assertEquals(i, frames.get(i).getSeq());
      }
      // Loose bounds: the CI machine is shared, so only the order of magnitude is the point.
      assertTrue(frames.size() <= expected + 1, frames.size() + " frames, expected " + expected);
      assertTrue(frames.size() >= expected / 3, frames.size() + " frames, expected " + expected);
    }
  }

  @Test
  void finiteSourcesEndTheFleet() throws Exception {
    RecordingSink sink = new RecordingSink();
    CameraFleetProducer.Settings settings = CameraFleetProducer.Settings.of(3, 50);
    try (CameraFleetProducer fleet =
        new CameraFleetProducer(
            settings, (id, index) -> new ImageFolderCamera(TestResources.frames(), false), sink)) {
      fleet.start();
      assertTrue(fleet.awaitEnd(Duration.ofSeconds(10)));
      FleetStats stats = fleet.stats();
      assertEquals(0, stats.camerasActive());
      assertEquals(24, stats.framesSent());
    }
    Map<String, Long> perCamera = new HashMap<>();
    sink.sent().forEach(s -> perCamera.merge(s.cameraId(), 1L, Long::sum));
    assertEquals(Map.of("cam-01", 8L, "cam-02", 8L, "cam-03", 8L), perCamera);
  }

  @Test
  void aSlowCameraDropsTicksButNeverOverlapsItself() throws Exception {
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    FrameSource slow =
        new FrameSource() {
          private long seq;

          @Override
          public Optional<CapturedFrame> next() {
            if (inside.incrementAndGet() > 1) {
              overlaps.incrementAndGet();
            }
            try {
              Thread.sleep(60); // three periods at 50 fps
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            inside.decrementAndGet();
            return Optional.of(
                new CapturedFrame(RgbImage.filled(8, 8, 9, 9, 9), seq++, Instant.now(), Map.of()));
          }

          @Override
          public void close() {}
        };
    RecordingSink sink = new RecordingSink();
    CameraFleetProducer.Settings settings =
        CameraFleetProducer.Settings.of(1, 50).withWorkers(4).withEncoding(FrameEncoding.rgb24());
    try (CameraFleetProducer fleet = new CameraFleetProducer(settings, (id, i) -> slow, sink)) {
      fleet.start();
      Thread.sleep(600);
      fleet.close();
      FleetStats stats = fleet.stats();
      assertTrue(stats.framesSkipped() > 0, stats.toString());
      assertTrue(stats.framesSent() > 0 && stats.framesSent() < 20, stats.toString());
    }
    assertEquals(0, overlaps.get());
  }

  @Test
  void failingSendsAndSourcesAreCountedWithoutStoppingTheOthers() throws Exception {
    RecordingSink sink = new RecordingSink(s -> s.cameraId().equals("cam-02"));
    CameraFleetProducer.Settings settings =
        CameraFleetProducer.Settings.of(3, 40).withEncoding(FrameEncoding.rgb24());
    CameraFleetProducer.SourceFactory factory =
        (id, index) -> {
          if (index == 2) {
            throw new IOException("camera 3 is unplugged");
          }
          return new SimulatedCamera(SMALL);
        };
    try (CameraFleetProducer fleet = new CameraFleetProducer(settings, factory, sink)) {
      fleet.start();
      Thread.sleep(400);
      FleetStats stats = fleet.stats();
      assertEquals(1, stats.sourceErrors());
      assertEquals(2, stats.camerasActive());
      assertTrue(stats.sendErrors() > 0, stats.toString());
      assertTrue(stats.framesSent() > 0, stats.toString());
    }
    assertFalse(sink.sent().isEmpty());
    assertTrue(sink.sent().stream().allMatch(s -> s.cameraId().equals("cam-01")));
  }

  @Test
  void aLiveCameraWithoutANewFrameIsSkippedNotEndedAndCamerasKeepTheirOwnRates() throws Exception {
    RgbImage tiny = RgbImage.filled(4, 4, 1, 2, 3);
    NewestFrameSlot<CapturedFrame> slot = new NewestFrameSlot<>();
    FrameSource live =
        new FrameSource() {
          @Override
          public Optional<CapturedFrame> next() {
            return slot.takeNewest();
          }

          @Override
          public boolean live() {
            return true;
          }

          @Override
          public CameraState state() {
            return CameraState.DOWN;
          }

          @Override
          public long reconnects() {
            return 3;
          }

          @Override
          public void close() {}
        };
    RecordingSink sink = new RecordingSink();
    List<CameraFleetProducer.Member> members =
        List.of(
            new CameraFleetProducer.Member("gate", 50),
            new CameraFleetProducer.Member("slow", 5),
            new CameraFleetProducer.Member("fast", 50));
    try (CameraFleetProducer fleet =
        new CameraFleetProducer(
            CameraFleetProducer.Settings.of(1, 1).withEncoding(FrameEncoding.rgb24()),
            members,
            (id, index) -> index == 0 ? live : new SimulatedCamera(SMALL),
            sink)) {
      assertEquals(List.of("gate", "slow", "fast"), fleet.cameraIds());
      slot.offer(new CapturedFrame(tiny, 0, Instant.now(), Map.of()));
      fleet.start();
      Thread.sleep(1000);
      FleetStats stats = fleet.stats();
      assertEquals(3, stats.camerasActive(), "a live camera with nothing new does not end");
      assertTrue(stats.ticksWithoutNewFrame() > 10, stats.toString());
      CameraHealth gate = fleet.health().get(0);
      assertEquals(
          new CameraHealth("gate", CameraState.DOWN, 1, gate.lastFrameAgeMillis(), 3), gate);
      assertTrue(gate.lastFrameAgeMillis() >= 500, gate.toString());
    }
    Map<String, Long> perCamera = new HashMap<>();
    sink.sent().forEach(s -> perCamera.merge(s.cameraId(), 1L, Long::sum));
    assertEquals(1L, perCamera.get("gate"), "the one frame, never repeated");
    // Loose: only that each camera runs at its own rate, not the other's.
    assertTrue(perCamera.get("slow") <= 7, perCamera.toString());
    assertTrue(perCamera.get("fast") > 2 * perCamera.get("slow"), perCamera.toString());
  }

  @Test
  void aThousandCamerasShareOnePacingThread() throws Exception {
    int cameras = 1000;
    RecordingSink sink = new RecordingSink();
    RgbImage tiny = RgbImage.filled(4, 4, 1, 2, 3);
    CameraFleetProducer.Settings settings =
        CameraFleetProducer.Settings.of(cameras, 2)
            .withEncoding(FrameEncoding.rgb24())
            .withWorkers(2);
    CameraFleetProducer.SourceFactory factory =
        (id, index) ->
            new FrameSource() {
              private long seq;

              @Override
              public Optional<CapturedFrame> next() {
                return Optional.of(new CapturedFrame(tiny, seq++, Instant.now(), Map.of()));
              }

              @Override
              public void close() {}
            };
    try (CameraFleetProducer fleet = new CameraFleetProducer(settings, factory, sink)) {
      fleet.start();
      Thread.sleep(1200);
      long cameraThreads =
          Thread.getAllStackTraces().keySet().stream()
              .filter(t -> t.getName().startsWith("camera-"))
              .count();
      assertTrue(cameraThreads <= 3, cameraThreads + " threads: one pacer and two workers");
    }
    Map<String, Long> perCamera = new HashMap<>();
    sink.sent().forEach(s -> perCamera.merge(s.cameraId(), 1L, Long::sum));
    // Phases are spread over the 0.5 s period, so in 1.2 s every camera has ticked.
    assertEquals(cameras, perCamera.size());
    assertTrue(perCamera.values().stream().allMatch(n -> n <= 3), perCamera.toString());
  }

  @Test
  void idsArePaddedToTheFleetSize() {
    assertEquals("cam-01", CameraFleetProducer.cameraId("cam-", 0, 5));
    assertEquals("cam-12", CameraFleetProducer.cameraId("cam-", 11, 12));
    assertEquals("cam-0001", CameraFleetProducer.cameraId("cam-", 0, 1000));
    assertEquals("cam-1000", CameraFleetProducer.cameraId("cam-", 999, 1000));
  }
}
