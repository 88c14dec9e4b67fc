package dev.streamdycoke.operators.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.model.vision.RgbImage;
import dev.streamdycoke.operators.MeteredHarness;
import dev.streamdycoke.operators.ModelSpec;
import dev.streamdycoke.operators.TestModels;
import dev.streamdycoke.operators.gate.ChangeGateConfig;
import dev.streamdycoke.operators.records.DecodedFrame;
import dev.streamdycoke.operators.records.FrameTokens;
import dev.streamdycoke.operators.shed.FrameShedder;
import dev.streamdycoke.operators.ttm.TtmConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The encode operator with the change gate and the age bound on. */
class GateAndShedOperatorTest {
  private static final int TOKENS_PER_FRAME = 196;

  @TempDir static Path checkpointDir;
  private static ModelSpec model;

  private final InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
  private MockEnvironment environment;

  @BeforeAll
  static void writeCheckpoint() {
    model = TestModels.tinyCheckpoint(checkpointDir);
  }

  @AfterEach
  void closeEnvironment() throws Exception {
    if (environment != null) {
      environment.close();
    }
  }

  private KeyedOneInputStreamOperatorTestHarness<String, DecodedFrame, FrameTokens> harness(
      ChangeGateConfig gate, FrameShedder shedder, BatchPolicy batching) throws Exception {
    environment = MeteredHarness.environment(metrics);
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new EncodeAndMergeOperator(model, TtmConfig.dycoke(0.7), batching, gate, shedder),
        f -> f.cameraId,
        Types.STRING,
        environment);
  }

  /** Black 64x48 with a white 16x16 block at x: moving it 8 px changes about 8% of the picture. */
  private static RgbImage blockAt(int x) {
    int w = 64;
    int h = 48;
    byte[] rgb = new byte[w * h * 3];
    for (int y = 16; y < 32; y++) {
      for (int px = Math.max(0, x); px < Math.min(w, x + 16); px++) {
        int i = 3 * (y * w + px);
        rgb[i] = (byte) 255;
        rgb[i + 1] = (byte) 255;
        rgb[i + 2] = (byte) 255;
      }
    }
    return new RgbImage(w, h, rgb);
  }

  private static DecodedFrame frame(String camera, long seq, long captureTime, RgbImage image) {
    return new DecodedFrame(camera, seq, captureTime, image).withSource("frames", 0, seq);
  }

  private static String describe(FrameTokens t) {
    return t.seq + (t.unchanged ? "u" : "e");
  }

  @Test
  void staticFramesAreSkippedAsUnchangedAMovingObjectIsNotAndKeyframesAreForced() throws Exception {
    try (var h =
        harness(
            new ChangeGateConfig(ChangeGateConfig.DEFAULT_THRESHOLD, 4),
            FrameShedder.off(),
            new BatchPolicy(1, 0))) {
      h.open();
      for (long seq = 0; seq < 6; seq++) {
        h.processElement(new StreamRecord<>(frame("cam-a", seq, seq, blockAt(10))));
      }
      for (long seq = 6; seq < 9; seq++) {
        h.processElement(
            new StreamRecord<>(frame("cam-a", seq, seq, blockAt(10 + 8 * (int) (seq - 5)))));
      }
      List<String> out =
          h.extractOutputValues().stream()
              .map(GateAndShedOperatorTest::describe)
              .collect(Collectors.toList());
      // 0 first frame; 1-3 static; 4 forced keyframe (4 frames without one); 5 static; 6-8 moving.
      assertEquals(List.of("0e", "1u", "2u", "3u", "4e", "5u", "6e", "7e", "8e"), out);
      assertEquals(4, MeteredHarness.counter(metrics, "framesSkippedUnchanged"));
      assertEquals(5, MeteredHarness.counter(metrics, "framesEncoded"));
      for (FrameTokens t : h.extractOutputValues()) {
        if (t.unchanged) {
          assertEquals(0, t.keptCount());
          assertEquals(t.seq, t.captureTime, "a skipped frame carries its own capture time");
        }
      }
      assertTrue(
          h.getSideOutput(EncodeAndMergeOperator.DEAD_LETTERS) == null
              || h.getSideOutput(EncodeAndMergeOperator.DEAD_LETTERS).isEmpty(),
          "skipping never dead-letters");
    }
  }

  @Test
  void ttmNeverMergesIntoAFrameTheGateSkipped() throws Exception {
    // The block moves on a random half of the frames, so encoded frames have gaps in seq at every
    // DyCoke window position.
    Random random = new Random(7);
    int x = 0;
    List<RgbImage> images = new ArrayList<>();
    for (int seq = 0; seq < 64; seq++) {
      if (random.nextBoolean()) {
        x = (x + 8) % 48;
      }
      images.add(blockAt(x));
    }
    try (var h =
        harness(
            new ChangeGateConfig(ChangeGateConfig.DEFAULT_THRESHOLD, 16),
            FrameShedder.off(),
            new BatchPolicy(8, 1000))) {
      h.open();
      for (int seq = 0; seq < images.size(); seq++) {
        h.processElement(new StreamRecord<>(frame("cam-a", seq, seq, images.get(seq))));
      }
      h.prepareSnapshotPreBarrier(1);
      List<FrameTokens> out = h.extractOutputValues();
      assertEquals(64, out.size(), "every frame flows on, encoded or as unchanged");
      Set<Long> encoded = new HashSet<>();
      int compared = 0;
      for (FrameTokens t : out) {
        if (t.unchanged) {
          continue;
        }
        for (long into : t.mergedIntoSeq) {
          assertTrue(
              encoded.contains(into),
              "seq " + t.seq + " merged into " + into + ", which was never encoded");
          assertEquals(
              Math.floorDiv(t.seq, 4),
              Math.floorDiv(into, 4),
              "a DyCoke window never reaches outside itself");
        }
        boolean windowHasEarlierFrame =
            encoded.stream().anyMatch(s -> Math.floorDiv(s, 4) == Math.floorDiv(t.seq, 4));
        boolean referenceMissing = t.seq % 4 == 3 && !encoded.contains(t.seq - 1);
        if (!windowHasEarlierFrame || referenceMissing) {
          assertEquals(
              TOKENS_PER_FRAME, t.keptCount(), "seq " + t.seq + " has no reference: an anchor");
        } else {
          compared++;
        }
        encoded.add(t.seq);
      }
      assertTrue(
          encoded.size() < 64 && compared > 0,
          encoded.size() + " encoded, " + compared + " compared");
    }
  }

  @Test
  void staleFramesAreShedOldestFirstBeforeEncodingAndNeverDeadLettered() throws Exception {
    try (var h =
        harness(ChangeGateConfig.off(), new FrameShedder(2_000), new BatchPolicy(16, 60_000))) {
      h.open();
      h.setProcessingTime(5_000);
      // Captured 500 ms apart; by the flush at 10 s the two oldest of each camera are past 2 s.
      for (long seq = 0; seq < 6; seq++) {
        h.processElement(
            new StreamRecord<>(
                frame("cam-a", seq, 7_000 + 500 * seq, TestModels.movingSquare(seq))));
        h.processElement(
            new StreamRecord<>(
                frame("cam-b", seq, 7_000 + 500 * seq, TestModels.movingSquare(seq))));
      }
      h.setProcessingTime(10_000);
      h.prepareSnapshotPreBarrier(1);
      List<String> out =
          h.extractOutputValues().stream()
              .map(t -> t.cameraId + "#" + t.seq)
              .collect(Collectors.toList());
      assertEquals(
          List.of(
              "cam-a#2", "cam-b#2", "cam-a#3", "cam-b#3", "cam-a#4", "cam-b#4", "cam-a#5",
              "cam-b#5"),
          out);
      assertEquals(4, MeteredHarness.counter(metrics, "framesShed_STALE_BEFORE_ENCODE"));
      assertTrue(
          h.getSideOutput(EncodeAndMergeOperator.DEAD_LETTERS) == null
              || h.getSideOutput(EncodeAndMergeOperator.DEAD_LETTERS).isEmpty());
      // The first frame kept opens its camera's context: a whole anchor frame (seq 2 of window 0
      // has no reference since 0 and 1 were never merged).
      assertEquals(TOKENS_PER_FRAME, h.extractOutputValues().get(0).keptCount());
    }
  }

  @Test
  void whenTheGateReferenceIsShedItsUnchangedFramesGoTooAndTheNextFrameIsEncoded()
      throws Exception {
    try (var h =
        harness(
            ChangeGateConfig.defaults(), new FrameShedder(2_000), new BatchPolicy(16, 60_000))) {
      h.open();
      h.setProcessingTime(0);
      for (long seq = 0; seq < 3; seq++) {
        h.processElement(new StreamRecord<>(frame("cam-a", seq, 1_000 * seq, blockAt(10))));
      }
      h.setProcessingTime(4_500);
      h.prepareSnapshotPreBarrier(1);
      // Seq 0 (the reference) is 4.5 s old and shed; 1 and 2 were "unchanged since 0": gone too.
      assertTrue(h.extractOutputValues().isEmpty(), h.extractOutputValues().toString());
      assertEquals(3, MeteredHarness.counter(metrics, "framesShed_STALE_BEFORE_ENCODE"));
      h.processElement(new StreamRecord<>(frame("cam-a", 3, 4_000, blockAt(10))));
      h.prepareSnapshotPreBarrier(2);
      List<FrameTokens> out = h.extractOutputValues();
      assertEquals(1, out.size());
      assertFalse(out.get(0).unchanged, "no reference left to be unchanged against");
    }
  }
}
