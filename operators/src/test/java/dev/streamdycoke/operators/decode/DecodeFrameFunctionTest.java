package dev.streamdycoke.operators.decode;

import static dev.streamdycoke.operators.testing.TestFrames.record;
import static dev.streamdycoke.operators.testing.TestFrames.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.operators.MeteredHarness;
import dev.streamdycoke.operators.records.DecodedFrame;
import dev.streamdycoke.operators.records.RawRecord;
import dev.streamdycoke.operators.shed.FrameShedder;
import dev.streamdycoke.operators.testing.TestFrames;
import dev.streamdycoke.schemas.DeadLetter;
import dev.streamdycoke.schemas.DeadLetters;
import dev.streamdycoke.schemas.FrameFormat;
import dev.streamdycoke.schemas.RecordDecoder;
import dev.streamdycoke.schemas.UndecodableRecordException;
import dev.streamdycoke.schemas.registry.RegistryUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class DecodeFrameFunctionTest {

  private static final long NOW = 1_767_225_700_000L;

  private static byte[] goodValue(String camera) {
    return value(camera, FrameFormat.PNG, 8, 6, TestFrames.png(TestFrames.pattern(8, 6)));
  }

  private static List<DeadLetter> deadLetters(OneInputStreamOperatorTestHarness<?, ?> h) {
    var side = h.getSideOutput(DecodeFrameFunction.DEAD_LETTERS);
    return side == null
        ? List.of()
        : side.stream().map(StreamRecord::getValue).collect(Collectors.toList());
  }

  @Test
  void goodBadGoodKeepsFlowingAndDeadLettersTheBadOne() throws Exception {
    OneInputStreamOperatorTestHarness<RawRecord, DecodedFrame> h =
        ProcessFunctionTestHarnesses.forProcessFunction(new DecodeFrameFunction());
    h.setProcessingTime(NOW);
    byte[] garbage = "not a frame".getBytes(StandardCharsets.UTF_8);
    h.processElement(record(10, "cam-a", goodValue("cam-a")), 1);
    h.processElement(record(11, "cam-b", garbage), 2);
    h.processElement(record(12, "cam-c", goodValue("cam-c")), 3);

    List<DecodedFrame> frames = h.extractOutputValues();
    assertEquals(2, frames.size());
    assertEquals("cam-a", frames.get(0).cameraId);
    assertEquals(10L, frames.get(0).sourceOffset);
    assertEquals("frames", frames.get(0).sourceTopic);
    assertEquals(2, frames.get(0).sourcePartition);
    assertEquals("cam-c", frames.get(1).cameraId);
    assertEquals(12L, frames.get(1).sourceOffset);

    List<DeadLetter> letters = deadLetters(h);
    assertEquals(1, letters.size());
    DeadLetter d = letters.get(0);
    assertEquals("frames", d.getSourceTopic());
    assertEquals(2, d.getSourcePartition());
    assertEquals(11L, d.getSourceOffset());
    assertTrue(d.getReason().startsWith("NOT_AVRO: "), d.getReason());
    assertEquals("cam-b", d.getCameraId());
    assertEquals(garbage.length, d.getRawSize());
    assertEquals(java.nio.ByteBuffer.wrap(garbage), d.getRaw());
    assertEquals(NOW, d.getTime().toEpochMilli());
    h.close();
  }

  @Test
  void anUnknownRegistryIdIsADeadLetterButAnUnreachableRegistryFailsTheTask() throws Exception {
    RecordDecoder<dev.streamdycoke.schemas.Frame> registry =
        message -> {
          if (message[0] == 1) {
            throw new UndecodableRecordException(
                UndecodableRecordException.Reason.UNKNOWN_SCHEMA_ID, "no schema with id 9");
          }
          throw new RegistryUnavailableException("registry down");
        };
    OneInputStreamOperatorTestHarness<RawRecord, DecodedFrame> h =
        ProcessFunctionTestHarnesses.forProcessFunction(
            new DecodeFrameFunction(FrameLimits.defaults(), FrameShedder.off(), registry));

    h.processElement(record(1, "cam-a", new byte[] {1}), 1);
    assertThrows(
        RegistryUnavailableException.class,
        () -> h.processElement(record(2, "cam-a", new byte[] {2}), 2));

    List<DeadLetter> letters = deadLetters(h);
    assertEquals(1, letters.size(), "the record the registry could not be asked about is kept");
    assertEquals("UNKNOWN_SCHEMA_ID: no schema with id 9", letters.get(0).getReason());
    h.close();
  }

  @Test
  void bigBadRecordIsCappedAndTombstoneHasEmptyRaw() throws Exception {
    OneInputStreamOperatorTestHarness<RawRecord, DecodedFrame> h =
        ProcessFunctionTestHarnesses.forProcessFunction(new DecodeFrameFunction());
    byte[] big = new byte[200_000];
    h.processElement(record(1, "cam-a", big), 1);
    h.processElement(record(2, "cam-a", null), 2);

    List<DeadLetter> letters = deadLetters(h);
    assertEquals(2, letters.size());
    assertEquals(DeadLetters.MAX_RAW_BYTES, letters.get(0).getRaw().remaining());
    assertEquals(200_000L, letters.get(0).getRawSize());
    assertTrue(letters.get(1).getReason().startsWith("NULL_VALUE: "));
    assertEquals(0, letters.get(1).getRaw().remaining());
    assertEquals(0L, letters.get(1).getRawSize());
    assertEquals("cam-a", letters.get(1).getCameraId());
    assertTrue(h.extractOutputValues().isEmpty());
    h.close();
  }

  @Test
  void cameraIdFallsBackFromKeyToFrameBody() throws Exception {
    OneInputStreamOperatorTestHarness<RawRecord, DecodedFrame> h =
        ProcessFunctionTestHarnesses.forProcessFunction(new DecodeFrameFunction());
    byte[] shortRgb = value("cam-body", FrameFormat.RGB24, 2, 2, new byte[11]);
    RawRecord invalidUtf8Key =
        new RawRecord("frames", 0, 5, 0, new byte[] {(byte) 0xC3, 0x28}, shortRgb);
    RawRecord noKeyGarbage = new RawRecord(null, 0, 6, 0, null, new byte[] {1, 2, 3});
    h.processElement(invalidUtf8Key, 1);
    h.processElement(noKeyGarbage, 2);

    List<DeadLetter> letters = deadLetters(h);
    assertEquals(2, letters.size());
    assertTrue(letters.get(0).getReason().startsWith("BAD_DIMENSIONS: "));
    assertEquals("cam-body", letters.get(0).getCameraId());
    assertNull(letters.get(1).getCameraId());
    assertEquals("", letters.get(1).getSourceTopic());
    h.close();
  }

  @Test
  void functionSurvivesJavaSerializationAsTheJobGraphNeeds() throws Exception {
    DecodeFrameFunction copy =
        InstantiationUtil.clone(
            new DecodeFrameFunction(FrameLimits.defaults().withMaxRecordBytes(64)));
    OneInputStreamOperatorTestHarness<RawRecord, DecodedFrame> h =
        ProcessFunctionTestHarnesses.forProcessFunction(copy);
    h.processElement(record(1, "cam-a", goodValue("cam-a")), 1);
    assertTrue(deadLetters(h).get(0).getReason().startsWith("TOO_LARGE: "));
    assertEquals(
        DecodeFrameFunction.DEAD_LETTERS,
        InstantiationUtil.clone(DecodeFrameFunction.DEAD_LETTERS));
    h.close();
  }

  @Test
  void countsFramesInAndDeadLettered() throws Exception {
    try (MeteredHarness<RawRecord, DecodedFrame> m =
        new MeteredHarness<>(new DecodeFrameFunction())) {
      m.harness().processElement(record(1, "cam-a", goodValue("cam-a")), 1);
      m.harness().processElement(record(2, "cam-a", new byte[] {0}), 2);
      m.harness().processElement(record(3, "cam-a", null), 3);
      assertEquals(3, m.counter("framesIn"));
      assertEquals(2, m.counter("framesDeadLettered"));
      assertEquals(1, m.harness().extractOutputValues().size());
    }
  }

  @Test
  void aFramePastTheAgeBoundIsShedBeforeItsImageIsDecodedAndNotDeadLettered() throws Exception {
    // The stale frame's "PNG" is garbage: decoding it would dead-letter it, shedding must not look.
    byte[] staleGarbage = value("cam-a", FrameFormat.PNG, 8, 6, new byte[] {1, 2, 3});
    try (MeteredHarness<RawRecord, DecodedFrame> m =
        new MeteredHarness<>(
            new DecodeFrameFunction(FrameLimits.defaults(), new FrameShedder(2_000)))) {
      // Fresh frames first, so that cam-a is not starving (FairShedding) when the stale come.
      m.harness().setProcessingTime(TestFrames.CAPTURE_MS + 1_500);
      m.harness().processElement(record(0, "cam-a", goodValue("cam-a")), 0);
      assertEquals(1, m.harness().extractOutputValues().size());
      m.harness().setProcessingTime(TestFrames.CAPTURE_MS + 2_001);
      m.harness().processElement(record(1, "cam-a", staleGarbage), 1);
      m.harness().processElement(record(2, "cam-a", goodValue("cam-a")), 2);
      assertEquals(2, m.counter("framesShed_STALE_BEFORE_DECODE"));
      assertEquals(0, m.counter("framesDeadLettered"));
      assertTrue(deadLetters(m.harness()).isEmpty());
      assertEquals(1, m.harness().extractOutputValues().size());

      m.harness().setProcessingTime(TestFrames.CAPTURE_MS + 2_000);
      m.harness().processElement(record(3, "cam-a", goodValue("cam-a")), 3);
      assertEquals(
          2, m.harness().extractOutputValues().size(), "exactly at the bound is not stale");
    }
  }

  @Test
  void aCameraWhoseFramesAllArriveStaleStillGetsOneThrough() throws Exception {
    try (MeteredHarness<RawRecord, DecodedFrame> m =
        new MeteredHarness<>(
            new DecodeFrameFunction(FrameLimits.defaults(), new FrameShedder(2_000)))) {
      // Nothing of cam-a went through yet: without fairness it would never be answered about.
      m.harness().setProcessingTime(TestFrames.CAPTURE_MS + 2_500);
      m.harness().processElement(record(1, "cam-a", goodValue("cam-a")), 1);
      assertEquals(1, m.harness().extractOutputValues().size());
      assertEquals(1, m.counter("framesLetThroughStarving"));
      // One went through 500 ms ago: no longer starving.
      m.harness().setProcessingTime(TestFrames.CAPTURE_MS + 3_000);
      m.harness().processElement(record(2, "cam-a", goodValue("cam-a")), 2);
      assertEquals(1, m.counter("framesShed_STALE_BEFORE_DECODE"));
      // Starving again a bound later, but past twice the bound: shed all the same.
      m.harness().setProcessingTime(TestFrames.CAPTURE_MS + 4_600);
      m.harness().processElement(record(3, "cam-a", goodValue("cam-a")), 3);
      assertEquals(2, m.counter("framesShed_STALE_BEFORE_DECODE"));
      assertEquals(1, m.harness().extractOutputValues().size());
      assertTrue(deadLetters(m.harness()).isEmpty());
    }
  }
}
