package dev.streamdycoke.operators.retire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.model.LanguageModel;
import dev.streamdycoke.operators.MeteredHarness;
import dev.streamdycoke.operators.ModelSpec;
import dev.streamdycoke.operators.TestModels;
import dev.streamdycoke.operators.answer.AnswerConfig;
import dev.streamdycoke.operators.answer.AnswerFunction;
import dev.streamdycoke.operators.answer.CameraAnswerer;
import dev.streamdycoke.operators.answer.InMemoryStoredCache;
import dev.streamdycoke.operators.encode.BatchPolicy;
import dev.streamdycoke.operators.encode.EncodeAndMergeOperator;
import dev.streamdycoke.operators.gate.ChangeGateConfig;
import dev.streamdycoke.operators.records.CameraQuery;
import dev.streamdycoke.operators.records.DecodedFrame;
import dev.streamdycoke.operators.records.FrameTokens;
import dev.streamdycoke.operators.shed.FrameShedder;
import dev.streamdycoke.operators.standing.StandingQuestions;
import dev.streamdycoke.operators.standing.StandingRule;
import dev.streamdycoke.operators.ttm.TtmConfig;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A camera that stops sending leaves no state behind, with either state backend; asking about it
 * says it was retired and when; its next frame starts a fresh context.
 */
class CameraRetirementTest {
  private static final long TIMEOUT = 1_000;
  private static final long T0 = 5_000_000L;

  /** When a camera alone on its subtask is retired: nothing else shows the input moved on. */
  private static final long ALONE = 2 * TIMEOUT;

  @TempDir static Path checkpointDir;
  private static ModelSpec model;

  private final InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
  private MockEnvironment environment;

  @BeforeAll
  static void loadModel() {
    model = TestModels.tinyCheckpoint(checkpointDir);
  }

  @AfterEach
  void closeEnvironment() throws Exception {
    if (environment != null) {
      environment.close();
    }
  }

  static Stream<StateBackend> backends() {
    return Stream.of(new HashMapStateBackend(), new EmbeddedRocksDBStateBackend());
  }

  private KeyedOneInputStreamOperatorTestHarness<String, DecodedFrame, FrameTokens> encode(
      StateBackend backend) throws Exception {
    environment = MeteredHarness.environment(metrics);
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new EncodeAndMergeOperator(
                model,
                TtmConfig.dycoke(0.7),
                new BatchPolicy(1, 0),
                ChangeGateConfig.defaults(),
                FrameShedder.off(),
                new IdleTimeout(TIMEOUT)),
            (DecodedFrame f) -> f.cameraId,
            Types.STRING,
            environment);
    h.setStateBackend(backend);
    h.setProcessingTime(T0);
    h.open();
    return h;
  }

  private static KeyedTwoInputStreamOperatorTestHarness<String, FrameTokens, CameraQuery, Answer>
      answer(StateBackend backend) throws Exception {
    AnswerConfig config =
        AnswerConfig.defaults()
            .withDecoding(AnswerConfig.defaults().decoding().withMaxNewTokens(2));
    var h =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new KeyedCoProcessOperator<>(
                new AnswerFunction(model, config, new IdleTimeout(TIMEOUT))),
            (FrameTokens t) -> t.cameraId,
            (CameraQuery q) -> q.cameraId,
            Types.STRING);
    h.setStateBackend(backend);
    h.setProcessingTime(T0);
    h.open();
    return h;
  }

  /**
   * The names of the states that hold an entry for {@code camera}, read from the backend's keys.
   */
  private static List<String> statesOf(
      KeyedStateBackend<?> backend, List<String> states, String camera) {
    List<String> holding = new ArrayList<>();
    for (String state : states) {
      try (Stream<?> keys = backend.getKeys(state, VoidNamespace.INSTANCE)) {
        if (keys.anyMatch(camera::equals)) {
          holding.add(state);
        }
      }
    }
    return holding;
  }

  /** The tokens of frames {@code from..to} of a camera, captured at the harness clock. */
  private static List<FrameTokens> tokens(String camera, long from, long to, long now)
      throws Exception {
    try (var h =
        new KeyedOneInputStreamOperatorTestHarness<String, DecodedFrame, FrameTokens>(
            new EncodeAndMergeOperator(model, TtmConfig.dycoke(0.7), new BatchPolicy(1, 0)),
            f -> f.cameraId,
            Types.STRING)) {
      h.open();
      for (long seq = from; seq <= to; seq++) {
        DecodedFrame f = TestModels.frame(camera, seq);
        h.processElement(new StreamRecord<>(new DecodedFrame(camera, seq, now, f.image())));
      }
      return h.extractOutputValues();
    }
  }

  private static CameraQuery query(String id, String camera) {
    return new CameraQuery(id, camera, "what is moving?", 0L, 0L, 2, null);
  }

  /** Frame {@code seq} of a camera as captured at {@code captureTime} (its clock). */
  private static StreamRecord<DecodedFrame> frameAt(String camera, long seq, long captureTime) {
    return new StreamRecord<>(
        new DecodedFrame(camera, seq, captureTime, TestModels.frame(camera, seq).image()));
  }

  @ParameterizedTest
  @MethodSource("backends")
  void theEncodeStageForgetsACameraIdleForTheTimeoutAndOnlyIt(StateBackend backend)
      throws Exception {
    try (var h = encode(backend)) {
      for (long seq = 0; seq < 3; seq++) {
        h.processElement(frameAt("cam-a", seq, T0));
        h.processElement(frameAt("cam-b", seq, T0));
      }
      KeyedStateBackend<?> keyed = h.getOperator().getKeyedStateBackend();
      assertEquals(
          EncodeAndMergeOperator.KEYED_STATES,
          statesOf(keyed, EncodeAndMergeOperator.KEYED_STATES, "cam-a"));

      h.setProcessingTime(T0 + TIMEOUT / 2);
      h.processElement(frameAt("cam-b", 3, T0 + TIMEOUT / 2));
      h.setProcessingTime(T0 + TIMEOUT);
      h.processElement(frameAt("cam-b", 4, T0 + TIMEOUT));
      // cam-a's timer found the input not yet read past it: it looks again a little later, when the
      // input has been read up to a timeout after cam-a's last frame.
      h.processWatermark(T0 + TIMEOUT);
      h.setProcessingTime(T0 + TIMEOUT + TIMEOUT / 10);
      assertEquals(
          List.of(),
          statesOf(keyed, EncodeAndMergeOperator.KEYED_STATES, "cam-a"),
          "cam-a idle for the timeout while cam-b went on");
      assertEquals(
          EncodeAndMergeOperator.KEYED_STATES,
          statesOf(keyed, EncodeAndMergeOperator.KEYED_STATES, "cam-b"),
          "cam-b was seen since: its timer re-armed");
      assertEquals(1, MeteredHarness.counter(metrics, "camerasRetired"));

      // Alone on the subtask, the watermark stands still: nothing shows that the input moved on,
      // and cam-b is retired after twice the timeout.
      h.setProcessingTime(T0 + 3 * TIMEOUT);
      assertEquals(List.of(), statesOf(keyed, EncodeAndMergeOperator.KEYED_STATES, "cam-b"));
      assertEquals(2, MeteredHarness.counter(metrics, "camerasRetired"));
      assertEquals(0, h.numProcessingTimeTimers(), "no timer is left pending for a retired camera");

      // The camera comes back: it is tracked afresh, with a new idle timer.
      h.processElement(frameAt("cam-a", 10, T0 + 3 * TIMEOUT));
      assertEquals(
          EncodeAndMergeOperator.KEYED_STATES,
          statesOf(keyed, EncodeAndMergeOperator.KEYED_STATES, "cam-a"));
      assertEquals(1, h.numProcessingTimeTimers());
    }
  }

  /**
   * The churn benchmark's anomaly: the frames of one camera wait in an input that lags (a Kafka
   * partition read behind the others, a stalled channel) while other cameras' frames, captured a
   * timeout later, keep arriving through inputs that are read in time. The camera's timer comes due
   * before its queued frames; it must not be retired until the watermark (the minimum over the
   * inputs) shows its input has moved on without it, however long that takes.
   */
  @ParameterizedTest
  @MethodSource("backends")
  void aCameraWhoseFramesWaitInALaggingInputIsNotRetired(StateBackend backend) throws Exception {
    try (var h = encode(backend)) {
      KeyedStateBackend<?> keyed = h.getOperator().getKeyedStateBackend();
      for (String camera : List.of("gone", "behind", "ahead")) {
        h.processElement(frameAt(camera, 0, T0));
      }
      h.processWatermark(T0);
      // For three timeouts, "ahead" arrives in time while the input carrying "behind" is read at a
      // tenth of real time: the watermark creeps on, "behind"'s frames stay queued.
      long t = T0;
      for (int k = 1; k <= 30; k++) {
        t = T0 + k * TIMEOUT / 10;
        h.setProcessingTime(t);
        h.processElement(frameAt("ahead", k, t));
        h.processWatermark(T0 + k * TIMEOUT / 100);
      }
      for (String camera : List.of("gone", "behind", "ahead")) {
        assertEquals(
            EncodeAndMergeOperator.KEYED_STATES,
            statesOf(keyed, EncodeAndMergeOperator.KEYED_STATES, camera),
            camera + ": its input has not been read a timeout past its last frame");
      }
      assertEquals(0, MeteredHarness.counter(metrics, "camerasRetired"));

      // The lagging input catches up: "behind"'s queued frames arrive, and the watermark shows
      // that nothing of "gone" came for a timeout after its last frame.
      for (int seq = 1; seq <= 28; seq++) {
        h.processElement(frameAt("behind", seq, T0 + seq * TIMEOUT / 10));
      }
      h.processWatermark(t - TIMEOUT / 10);
      h.setProcessingTime(t + TIMEOUT / 10);
      assertEquals(List.of(), statesOf(keyed, EncodeAndMergeOperator.KEYED_STATES, "gone"));
      for (String camera : List.of("behind", "ahead")) {
        assertTrue(
            statesOf(keyed, EncodeAndMergeOperator.KEYED_STATES, camera)
                .contains(CameraIdleTracker.STATE_NAME),
            camera + " is still sending");
      }
      assertEquals(1, MeteredHarness.counter(metrics, "camerasRetired"), "only gone was retired");
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aRetiredCameraEndsItsStandingQuestionsAndKeepsNoneOfThem(StateBackend backend)
      throws Exception {
    try (var h = answer(backend)) {
      KeyedStateBackend<?> keyed = h.getOperator().getKeyedStateBackend();
      h.processElement2(new StreamRecord<>(query("watch", "cam-a").standing(new StandingRule())));
      for (FrameTokens t : tokens("cam-a", 0, 3, T0)) {
        h.processElement1(new StreamRecord<>(t));
      }
      assertTrue(
          statesOf(keyed, AnswerFunction.KEYED_STATES, "cam-a").contains(StandingQuestions.STATE));
      h.getOutput().clear();

      h.setProcessingTime(T0 + ALONE);
      List<Answer> out = h.extractOutputValues();
      assertEquals(1, out.size());
      assertEquals(AnswerStatus.ENDED, out.get(0).getStatus());
      assertEquals("watch", out.get(0).getQueryId());
      assertTrue(out.get(0).getError().startsWith("camera retired"), out.get(0).getError());
      assertEquals(
          List.of(AnswerFunction.RETIRED_AT),
          statesOf(keyed, AnswerFunction.KEYED_STATES, "cam-a"),
          "no standing question stays with a retired camera");
    }
  }

  @ParameterizedTest
  @MethodSource("backends")
  void aRetiredCameraAnswersNoFramesSayingWhenThenStartsAFreshContext(StateBackend backend)
      throws Exception {
    try (var h = answer(backend)) {
      KeyedStateBackend<?> keyed = h.getOperator().getKeyedStateBackend();
      for (FrameTokens t : tokens("cam-a", 0, 3, T0)) {
        h.processElement1(new StreamRecord<>(t));
      }
      h.processElement2(new StreamRecord<>(query("q1", "cam-a")));
      assertEquals(AnswerStatus.OK, h.extractOutputValues().get(0).getStatus());

      // Alone on the subtask, the watermark stands still: nothing shows that the input moved on,
      // and cam-b is retired after twice the timeout.
      h.setProcessingTime(T0 + ALONE);
      assertEquals(
          List.of(AnswerFunction.RETIRED_AT),
          statesOf(keyed, AnswerFunction.KEYED_STATES, "cam-a"),
          "only the retirement marker stays");

      h.setProcessingTime(T0 + ALONE + 10);
      h.processElement2(new StreamRecord<>(query("q2", "cam-a")));
      Answer retired = h.extractOutputValues().get(1);
      assertEquals(AnswerStatus.NO_FRAMES, retired.getStatus());
      assertTrue(
          retired.getError().contains("retired at " + Instant.ofEpochMilli(T0 + ALONE)),
          retired.getError());
      assertEquals(
          null, retired.getStalenessMs(), "a retired camera has no scene to be stale about");

      long back = T0 + ALONE + 200;
      h.setProcessingTime(back);
      for (FrameTokens t : tokens("cam-a", 20, 21, back)) {
        h.processElement1(new StreamRecord<>(t));
      }
      h.processElement2(new StreamRecord<>(query("q3", "cam-a")));
      Answer fresh = h.extractOutputValues().get(2);
      assertEquals(AnswerStatus.OK, fresh.getStatus());
      assertEquals(20, fresh.getFirstSeq(), "nothing from before the retirement is in context");
      assertEquals(21, fresh.getLastSeq());
      assertEquals(0L, fresh.getStalenessMs());
      assertTrue(
          !statesOf(keyed, AnswerFunction.KEYED_STATES, "cam-a")
              .contains(AnswerFunction.RETIRED_AT),
          "the marker goes at the camera's next frame");

      // Idle again: retired again, and one more timeout later the marker goes too.
      h.setProcessingTime(back + ALONE);
      assertEquals(
          List.of(AnswerFunction.RETIRED_AT),
          statesOf(keyed, AnswerFunction.KEYED_STATES, "cam-a"));
      h.setProcessingTime(back + ALONE + TIMEOUT);
      assertEquals(List.of(), statesOf(keyed, AnswerFunction.KEYED_STATES, "cam-a"));
      assertEquals(0, h.numProcessingTimeTimers());
      h.processElement2(new StreamRecord<>(query("q4", "cam-a")));
      Answer forgotten = h.extractOutputValues().get(3);
      assertEquals(AnswerStatus.NO_FRAMES, forgotten.getStatus());
      assertTrue(forgotten.getError().startsWith("no frames received"), forgotten.getError());
    }
  }

  @Test
  void retiringACameraClosesItsLiveModelSession() throws Exception {
    AnswerConfig config = AnswerConfig.defaults();
    try (LanguageModel language = model.openLanguage();
        CameraAnswerer answerer = new CameraAnswerer(language, config)) {
      InMemoryStoredCache a = new InMemoryStoredCache();
      InMemoryStoredCache b = new InMemoryStoredCache();
      for (FrameTokens t : tokens("cam-a", 0, 1, T0)) {
        a.apply(answerer.onTokens("cam-a", a, t));
      }
      for (FrameTokens t : tokens("cam-b", 0, 1, T0)) {
        b.apply(answerer.onTokens("cam-b", b, t));
      }
      assertEquals(2, answerer.liveSessions());
      answerer.retire("cam-a");
      assertEquals(1, answerer.liveSessions(), "cam-a's KV cache is released, cam-b's stays");
    }
  }
}
