package dev.streamdycoke.operators.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.operators.ModelSpec;
import dev.streamdycoke.operators.TestModels;
import dev.streamdycoke.operators.records.DecodedFrame;
import dev.streamdycoke.operators.records.FrameTokens;
import dev.streamdycoke.operators.ttm.TtmConfig;
import dev.streamdycoke.schemas.DeadLetter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncodeAndMergeOperatorTest {
  private static final int TOKENS_PER_FRAME = 196;

  @TempDir static Path checkpointDir;
  private static ModelSpec model;

  @BeforeAll
  static void writeCheckpoint() {
    model = TestModels.tinyCheckpoint(checkpointDir);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, DecodedFrame, FrameTokens> harness(
      TtmConfig ttm, BatchPolicy batching) throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new EncodeAndMergeOperator(model, ttm, batching), f -> f.cameraId, Types.STRING);
  }

  @Test
  void dycokeKeepsAWholeAnchorThenTheLeastSimilarShareAtPositionsOneToThree() throws Exception {
    try (var h = harness(TtmConfig.dycoke(0.7), new BatchPolicy(4, 1000))) {
      h.open();
      for (long seq = 0; seq < 8; seq++) {
        h.processElement(new StreamRecord<>(TestModels.frame("cam-a", seq)));
      }
      List<FrameTokens> out = h.extractOutputValues();
      assertEquals(8, out.size());
      int expected = (int) Math.floor((1 - 0.7) * TOKENS_PER_FRAME);
      for (FrameTokens t : out) {
        assertEquals(TOKENS_PER_FRAME, t.tokensPerFrame);
        assertEquals(t.seq % 4 == 0 ? TOKENS_PER_FRAME : expected, t.keptCount(), "seq " + t.seq);
        assertEquals(TOKENS_PER_FRAME, t.keptCount() + t.mergedCells.length);
        assertEquals(t.keptCount() * t.dim, t.embeddings.length);
      }
    }
  }

  @Test
  void framesWaitForAFullBatchOrTheMaxWait() throws Exception {
    try (var h = harness(TtmConfig.defaults(), new BatchPolicy(3, 50))) {
      h.open();
      h.setProcessingTime(0);
      h.processElement(new StreamRecord<>(TestModels.frame("cam-a", 0)));
      h.processElement(new StreamRecord<>(TestModels.frame("cam-b", 0)));
      assertTrue(h.extractOutputValues().isEmpty(), "two frames do not fill a batch of three");
      h.processElement(new StreamRecord<>(TestModels.frame("cam-a", 1)));
      assertEquals(3, h.extractOutputValues().size(), "a full batch goes at once");

      h.processElement(new StreamRecord<>(TestModels.frame("cam-b", 1)));
      h.setProcessingTime(49);
      assertEquals(3, h.extractOutputValues().size());
      h.setProcessingTime(50);
      assertEquals(4, h.extractOutputValues().size(), "the max wait flushes a partial batch");
    }
  }

  @Test
  void aCheckpointNeverLeavesFramesInTheBuffer() throws Exception {
    try (var h = harness(TtmConfig.defaults(), new BatchPolicy(100, 60_000))) {
      h.open();
      h.processElement(new StreamRecord<>(TestModels.frame("cam-a", 0)));
      h.processElement(new StreamRecord<>(TestModels.frame("cam-a", 1)));
      assertTrue(h.extractOutputValues().isEmpty());
      h.prepareSnapshotPreBarrier(1);
      assertEquals(
          List.of(0L, 1L),
          h.extractOutputValues().stream().map(t -> t.seq).collect(Collectors.toList()));
    }
  }

  @Test
  void duplicateAndLateFramesAreDeadLetteredAndTheStreamGoesOn() throws Exception {
    try (var h = harness(TtmConfig.defaults(), new BatchPolicy(1, 0))) {
      h.open();
      h.processElement(new StreamRecord<>(TestModels.frame("cam-a", 5)));
      h.processElement(new StreamRecord<>(TestModels.frame("cam-a", 5)));
      h.processElement(new StreamRecord<>(TestModels.frame("cam-a", 3)));
      h.processElement(new StreamRecord<>(TestModels.frame("cam-b", 3)));
      h.processElement(new StreamRecord<>(TestModels.frame("cam-a", 6)));
      assertEquals(
          List.of("cam-a#5", "cam-b#3", "cam-a#6"),
          h.extractOutputValues().stream()
              .map(t -> t.cameraId + "#" + t.seq)
              .collect(Collectors.toList()));
      List<DeadLetter> dead =
          h.getSideOutput(EncodeAndMergeOperator.DEAD_LETTERS).stream()
              .map(StreamRecord::getValue)
              .collect(Collectors.toList());
      assertEquals(2, dead.size());
      for (DeadLetter letter : dead) {
        assertTrue(letter.getReason().startsWith("OUT_OF_ORDER:"), letter.getReason());
        assertEquals("cam-a", letter.getCameraId());
        assertEquals("frames", letter.getSourceTopic());
      }
      assertEquals(
          List.of(5L, 3L),
          dead.stream().map(DeadLetter::getSourceOffset).collect(Collectors.toList()));
    }
  }

  @Test
  void mergingResumesFromKeyedStateAfterARestore() throws Exception {
    OperatorSubtaskState snapshot;
    List<FrameTokens> uninterrupted;
    try (var h = harness(TtmConfig.dycoke(0.7), new BatchPolicy(1, 0))) {
      h.open();
      for (long seq = 0; seq < 6; seq++) {
        h.processElement(new StreamRecord<>(TestModels.frame("cam-a", seq)));
      }
      uninterrupted = h.extractOutputValues();
    }
    try (var h = harness(TtmConfig.dycoke(0.7), new BatchPolicy(1, 0))) {
      h.open();
      for (long seq = 0; seq < 3; seq++) {
        h.processElement(new StreamRecord<>(TestModels.frame("cam-a", seq)));
      }
      snapshot = h.snapshot(1, 1);
    }
    try (var h = harness(TtmConfig.dycoke(0.7), new BatchPolicy(1, 0))) {
      h.initializeState(snapshot);
      h.open();
      h.processElement(new StreamRecord<>(TestModels.frame("cam-a", 2)));
      for (long seq = 3; seq < 6; seq++) {
        h.processElement(new StreamRecord<>(TestModels.frame("cam-a", seq)));
      }
      assertEquals(
          1,
          h.getSideOutput(EncodeAndMergeOperator.DEAD_LETTERS).size(),
          "seq 2 was merged before the snapshot");
      List<FrameTokens> resumed = h.extractOutputValues();
      assertEquals(3, resumed.size());
      for (int i = 0; i < 3; i++) {
        FrameTokens expected = uninterrupted.get(3 + i);
        FrameTokens actual = resumed.get(i);
        assertEquals(expected.seq, actual.seq);
        assertEquals(
            box(expected.keptCells),
            box(actual.keptCells),
            "seq " + actual.seq + " compares with the restored reference frames");
      }
    }
  }

  private static List<Integer> box(int[] cells) {
    return java.util.Arrays.stream(cells).boxed().collect(Collectors.toList());
  }
}
