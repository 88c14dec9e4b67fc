package dev.streamdycoke.operators.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.streamdycoke.operators.ModelSpec;
import dev.streamdycoke.operators.TestModels;
import dev.streamdycoke.operators.cache.EvictionPolicy;
import dev.streamdycoke.operators.cache.TokenCacheConfig;
import dev.streamdycoke.operators.encode.BatchPolicy;
import dev.streamdycoke.operators.encode.EncodeAndMergeOperator;
import dev.streamdycoke.operators.records.CameraQuery;
import dev.streamdycoke.operators.records.DecodedFrame;
import dev.streamdycoke.operators.records.FrameTokens;
import dev.streamdycoke.operators.standing.StandingRule;
import dev.streamdycoke.operators.ttm.TtmConfig;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Standing questions in the real answer operator, answered by the tiny model. */
class StandingAnswersTest {
  @TempDir static Path checkpointDir;
  private static ModelSpec model;
  private static List<FrameTokens> tokens;

  @BeforeAll
  static void encodeFrames() throws Exception {
    model = TestModels.tinyCheckpoint(checkpointDir);
    try (var encode =
        new KeyedOneInputStreamOperatorTestHarness<String, DecodedFrame, FrameTokens>(
            new EncodeAndMergeOperator(model, TtmConfig.dycoke(0.7), new BatchPolicy(4, 0)),
            f -> f.cameraId,
            Types.STRING)) {
      encode.open();
      for (long seq = 0; seq < 8; seq++) {
        encode.processElement(new StreamRecord<>(TestModels.frame("cam-a", seq)));
      }
      encode.prepareSnapshotPreBarrier(1);
      tokens = encode.extractOutputValues();
    }
  }

  private static KeyedTwoInputStreamOperatorTestHarness<String, FrameTokens, CameraQuery, Answer>
      harness() throws Exception {
    AnswerConfig config =
        AnswerConfig.defaults()
            .withCache(TokenCacheConfig.of(1024, 64, EvictionPolicy.decay()))
            .withDecoding(AnswerConfig.defaults().decoding().withMaxNewTokens(4));
    var h =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new KeyedCoProcessOperator<>(new AnswerFunction(model, config)),
            (FrameTokens t) -> t.cameraId,
            (CameraQuery q) -> q.cameraId,
            Types.STRING);
    h.open();
    return h;
  }

  private static CameraQuery standing(String id, boolean every, Long maxEvents) {
    StandingRule rule = new StandingRule();
    rule.emitEvery = every;
    rule.maxEvents = maxEvents;
    return new CameraQuery(id, "cam-a", "what is moving?", 0L, 0L, 4, null).standing(rule);
  }

  @Test
  void eventsCarryTheirNumberPreviousAnswerAndTheFrameTheyCover() throws Exception {
    try (var h = harness()) {
      h.processElement2(new StreamRecord<>(standing("w", true, 3L)));
      for (int i = 0; i < 5; i++) {
        h.processElement1(new StreamRecord<>(tokens.get(i)));
      }
      List<Answer> out = h.extractOutputValues();
      assertEquals(4, out.size());
      for (int i = 0; i < 3; i++) {
        Answer event = out.get(i);
        assertEquals(AnswerStatus.OK, event.getStatus());
        assertEquals(i + 1L, event.getEventNumber());
        assertEquals(tokens.get(i).seq, event.getAnsweredAtSeq());
        assertEquals(tokens.get(i).seq, event.getLastSeq());
        assertEquals(tokens.get(i).captureTime, event.getNewestCaptureTime().toEpochMilli());
        assertEquals(i == 0 ? null : out.get(i - 1).getAnswer(), event.getPreviousAnswer());
      }
      assertEquals(AnswerStatus.ENDED, out.get(3).getStatus());
    }
  }

  @Test
  void theSameFramesGiveTheSameEventsAndOneShotQuestionsStillWork() throws Exception {
    List<Answer> first;
    List<Answer> second;
    try (var h = harness()) {
      h.processElement2(new StreamRecord<>(standing("w", false, null)));
      tokens.forEach(t -> process(h, t));
      first = h.extractOutputValues();
    }
    try (var h = harness()) {
      h.processElement2(new StreamRecord<>(standing("w", false, null)));
      tokens.forEach(t -> process(h, t));
      h.processElement2(
          new StreamRecord<>(new CameraQuery("once", "cam-a", "what is moving?", 0L, 0L, 4, null)));
      h.processElement2(new StreamRecord<>(CameraQuery.cancelOf("w", "cam-a", 0L)));
      second = h.extractOutputValues();
    }
    assertNotNull(first.get(0).getEventNumber());
    assertEquals(summary(first), summary(second.subList(0, first.size())));
    Answer once = second.get(first.size());
    assertEquals("once", once.getQueryId());
    assertNull(once.getEventNumber());
    Answer cancelled = second.get(first.size() + 1);
    assertEquals(AnswerStatus.CANCELLED, cancelled.getStatus());
  }

  private static List<String> summary(List<Answer> answers) {
    return answers.stream()
        .map(
            a ->
                a.getEventNumber()
                    + " "
                    + a.getAnswer()
                    + " "
                    + a.getPreviousAnswer()
                    + " "
                    + a.getAnsweredAtSeq())
        .toList();
  }

  private static void process(
      KeyedTwoInputStreamOperatorTestHarness<String, FrameTokens, CameraQuery, Answer> h,
      FrameTokens t) {
    try {
      h.processElement1(new StreamRecord<>(t));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
