package dev.streamdycoke.operators.standing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.operators.records.CameraQuery;
import dev.streamdycoke.operators.standing.ScriptedStandingFunction.Frame;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class StandingQuestionsTest {
  private static final int MAX_PARALLELISM = 128;

  private static KeyedTwoInputStreamOperatorTestHarness<String, Frame, CameraQuery, Answer> harness(
      StandingLimits limits, int parallelism, int subtask) throws Exception {
    return new KeyedTwoInputStreamOperatorTestHarness<>(
        new KeyedCoProcessOperator<>(new ScriptedStandingFunction(limits)),
        f -> f.camera,
        q -> q.cameraId,
        Types.STRING,
        MAX_PARALLELISM,
        parallelism,
        subtask);
  }

  private static KeyedTwoInputStreamOperatorTestHarness<String, Frame, CameraQuery, Answer>
      harness() throws Exception {
    var h = harness(StandingLimits.defaults(), 1, 0);
    h.open();
    return h;
  }

  static StandingRule rule(int everyFrames, long intervalMs, boolean every, int hold) {
    StandingRule r = new StandingRule();
    r.everyFrames = everyFrames;
    r.minIntervalMs = intervalMs;
    r.emitEvery = every;
    r.hold = hold;
    return r;
  }

  static CameraQuery register(String id, String camera, StandingRule rule) {
    return new CameraQuery(id, camera, "is there a red car?", 0L, 0L, 4, null).standing(rule);
  }

  private static void frames(
      KeyedTwoInputStreamOperatorTestHarness<String, Frame, CameraQuery, Answer> h,
      String camera,
      long firstCapture,
      long stepMs,
      String... answers)
      throws Exception {
    for (int i = 0; i < answers.length; i++) {
      h.processElement1(
          new StreamRecord<>(new Frame(camera, firstCapture + i * stepMs, answers[i], true)));
    }
  }

  /** query/camera#event answer (prev) @capture, or query/camera STATUS for the final answers. */
  static List<String> events(List<Answer> answers) {
    List<String> out = new ArrayList<>();
    for (Answer a : answers) {
      if (a.getStatus() == AnswerStatus.OK) {
        out.add(
            a.getQueryId()
                + "/"
                + a.getCameraId()
                + "#"
                + a.getEventNumber()
                + " "
                + a.getAnswer()
                + " ("
                + a.getPreviousAnswer()
                + ") @"
                + a.getAnsweredAtSeq());
      } else {
        out.add(a.getQueryId() + "/" + a.getCameraId() + " " + a.getStatus());
      }
    }
    return out;
  }

  @Test
  void everyNthFrameIsEvaluated() throws Exception {
    try (var h = harness()) {
      h.processElement2(new StreamRecord<>(register("q", "cam", rule(3, 0, true, 1))));
      frames(h, "cam", 1, 1, "a", "b", "c", "d", "e", "f", "g");
      assertEquals(
          List.of("q/cam#1 c (null) @3", "q/cam#2 f (c) @6"), events(h.extractOutputValues()));
    }
  }

  @Test
  void minIntervalCountsCaptureTimeNotFrames() throws Exception {
    try (var h = harness()) {
      h.processElement2(new StreamRecord<>(register("q", "cam", rule(1, 1000, true, 1))));
      frames(h, "cam", 0, 400, "a", "b", "c", "d", "e", "f", "g");
      // Frames at 0, 400, ..., 2400: at most one evaluation per 1000 ms of capture time.
      assertEquals(
          List.of("q/cam#1 a (null) @0", "q/cam#2 d (a) @1200", "q/cam#3 g (d) @2400"),
          events(h.extractOutputValues()));
    }
  }

  @Test
  void onChangeEmitsChangesWhereEveryEmitsEachEvaluation() throws Exception {
    try (var h = harness()) {
      h.processElement2(new StreamRecord<>(register("change", "cam", rule(1, 0, false, 1))));
      h.processElement2(new StreamRecord<>(register("every", "cam", rule(1, 0, true, 1))));
      frames(h, "cam", 1, 1, "no", "no", "yes", "yes", "no");
      List<String> all = events(h.extractOutputValues());
      assertEquals(
          List.of(
              "change/cam#1 no (null) @1", "change/cam#2 yes (no) @3", "change/cam#3 no (yes) @5"),
          all.stream().filter(e -> e.startsWith("change/")).toList());
      assertEquals(5, all.stream().filter(e -> e.startsWith("every/")).count());
      assertEquals("every/cam#5 no (yes) @5", all.get(all.size() - 1));
    }
  }

  @Test
  void holdSuppressesAFlickerAndEmitsAChangeAfterKEvaluations() throws Exception {
    try (var h = harness()) {
      h.processElement2(new StreamRecord<>(register("q", "cam", rule(1, 0, false, 2))));
      frames(h, "cam", 1, 1, "no", "no", "yes", "no", "yes", "yes", "yes");
      assertEquals(
          List.of("q/cam#1 no (null) @2", "q/cam#2 yes (no) @6"), events(h.extractOutputValues()));
    }
  }

  @Test
  void framesTheGateSkippedCountTowardsTheHoldAsRepeats() throws Exception {
    try (var h = harness()) {
      h.processElement2(new StreamRecord<>(register("q", "cam", rule(1, 0, false, 2))));
      h.processElement1(new StreamRecord<>(new Frame("cam", 1, "no", true)));
      h.processElement1(new StreamRecord<>(new Frame("cam", 2, "no", false)));
      h.processElement1(new StreamRecord<>(new Frame("cam", 3, "yes", true)));
      // Unchanged since frame 3, so still "yes": the hold of two frames is complete here, as it
      // would be without the gate.
      h.processElement1(new StreamRecord<>(new Frame("cam", 4, "yes", false)));
      h.processElement1(new StreamRecord<>(new Frame("cam", 5, "yes", false)));
      assertEquals(
          List.of("q/cam#1 no (null) @2", "q/cam#2 yes (no) @4"), events(h.extractOutputValues()));
    }
  }

  @Test
  void replayedFramesDoNotCountTowardsTheHold() throws Exception {
    try (var h = harness()) {
      h.processElement2(new StreamRecord<>(register("q", "cam", rule(1, 0, false, 2))));
      Frame replay = new Frame("cam", 2, "no", false);
      replay.replayed = true;
      h.processElement1(new StreamRecord<>(new Frame("cam", 1, "no", true)));
      h.processElement1(new StreamRecord<>(replay));
      h.processElement1(new StreamRecord<>(new Frame("cam", 3, "no", true)));
      assertEquals(List.of("q/cam#1 no (null) @3"), events(h.extractOutputValues()));
    }
  }

  @Test
  void withACoarserScheduleTheHoldCountsEvaluations() throws Exception {
    try (var h = harness()) {
      h.processElement2(new StreamRecord<>(register("q", "cam", rule(2, 0, false, 2))));
      frames(h, "cam", 1, 1, "x", "no");
      // Not counted: with every_frames 2 the hold is two evaluations, not two frames.
      h.processElement1(new StreamRecord<>(new Frame("cam", 3, "no", false)));
      frames(h, "cam", 4, 1, "x", "no");
      assertEquals(List.of("q/cam#1 no (null) @5"), events(h.extractOutputValues()));
    }
  }

  @Test
  void expiryEndsTheQuestionAtTheFirstFrameCapturedAfterIt() throws Exception {
    try (var h = harness()) {
      StandingRule r = rule(1, 0, true, 1);
      r.expiresAt = 1000L;
      h.processElement2(new StreamRecord<>(register("q", "cam", r)));
      frames(h, "cam", 500, 250, "a", "b", "c", "d");
      List<Answer> out = h.extractOutputValues();
      assertEquals(
          List.of("q/cam#1 a (null) @500", "q/cam#2 b (a) @750", "q/cam ENDED"), events(out));
      assertTrue(
          out.get(2).getError().startsWith("expired at 1970-01-01T00:00:01Z"),
          out.get(2).getError());
    }
  }

  @Test
  void unchangedFramesAreNotEvaluatedButStillExpire() throws Exception {
    try (var h = harness()) {
      StandingRule r = rule(1, 0, true, 1);
      r.expiresAt = 1000L;
      h.processElement2(new StreamRecord<>(register("q", "cam", r)));
      h.processElement1(new StreamRecord<>(new Frame("cam", 100, "a", false)));
      h.processElement1(new StreamRecord<>(new Frame("cam", 1000, "a", false)));
      assertEquals(List.of("q/cam ENDED"), events(h.extractOutputValues()));
    }
  }

  @Test
  void maxEventsEndsTheQuestionAfterItsLastEvent() throws Exception {
    try (var h = harness()) {
      StandingRule r = rule(1, 0, true, 1);
      r.maxEvents = 2L;
      h.processElement2(new StreamRecord<>(register("q", "cam", r)));
      frames(h, "cam", 1, 1, "a", "b", "c", "d");
      List<Answer> out = h.extractOutputValues();
      assertEquals(List.of("q/cam#1 a (null) @1", "q/cam#2 b (a) @2", "q/cam ENDED"), events(out));
      assertEquals("reached max_events 2 after 2 events", out.get(2).getError());
    }
  }

  @Test
  void cancelStopsTheQuestionWithOneCancelledAnswer() throws Exception {
    try (var h = harness()) {
      h.processElement2(new StreamRecord<>(register("q", "cam", rule(1, 0, true, 1))));
      frames(h, "cam", 1, 1, "a");
      h.processElement2(new StreamRecord<>(CameraQuery.cancelOf("q", "cam", 5)));
      frames(h, "cam", 2, 1, "b");
      h.processElement2(new StreamRecord<>(CameraQuery.cancelOf("q", "cam", 6)));
      List<Answer> out = h.extractOutputValues();
      assertEquals(List.of("q/cam#1 a (null) @1", "q/cam CANCELLED"), events(out));
      assertEquals("is there a red car?", out.get(1).getQuestion());
      assertNull(out.get(1).getEventNumber());
    }
  }

  @Test
  void restoreBetweenTwoEventsContinuesNumberingAndHold() throws Exception {
    String[] answers = {"no", "no", "yes", "yes", "no", "no", "yes", "yes"};
    List<String> uninterrupted;
    try (var h = harness()) {
      h.processElement2(new StreamRecord<>(register("q", "cam", rule(1, 0, false, 2))));
      frames(h, "cam", 1, 1, answers);
      uninterrupted = events(h.extractOutputValues());
    }
    OperatorSubtaskState snapshot;
    List<String> before;
    try (var h = harness()) {
      h.processElement2(new StreamRecord<>(register("q", "cam", rule(1, 0, false, 2))));
      // Stop after the first "yes": the change is pending in the hold when the snapshot is taken.
      frames(h, "cam", 1, 1, "no", "no", "yes");
      before = events(h.extractOutputValues());
      snapshot = h.snapshot(1L, 1L);
    }
    try (var h = harness(StandingLimits.defaults(), 1, 0)) {
      h.initializeState(snapshot);
      h.open();
      frames(h, "cam", 4, 1, "yes", "no", "no", "yes", "yes");
      List<String> all = new ArrayList<>(before);
      all.addAll(events(h.extractOutputValues()));
      assertEquals(uninterrupted, all);
      assertEquals(4, all.size());
    }
  }

  @Test
  void rescalingKeepsEveryCamerasQuestionsAndNumbering() throws Exception {
    List<String> cameras = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      cameras.add("cam-" + i);
    }
    OperatorSubtaskState snapshot;
    try (var h = harness()) {
      for (String camera : cameras) {
        h.processElement2(new StreamRecord<>(register("q", camera, rule(1, 0, true, 1))));
        frames(h, camera, 1, 1, "a", "b");
      }
      snapshot = h.snapshot(1L, 1L);
    }
    List<String> after = new ArrayList<>();
    for (int subtask = 0; subtask < 2; subtask++) {
      try (var h = harness(StandingLimits.defaults(), 2, subtask)) {
        h.initializeState(
            AbstractStreamOperatorTestHarness.repartitionOperatorState(
                snapshot, MAX_PARALLELISM, 1, 2, subtask));
        h.open();
        for (String camera : cameras) {
          if (KeyGroupRangeAssignment.assignKeyToParallelOperator(camera, MAX_PARALLELISM, 2)
              == subtask) {
            frames(h, camera, 3, 1, "c");
          }
        }
        after.addAll(events(h.extractOutputValues()));
      }
    }
    after.sort(null);
    List<String> expected = new ArrayList<>();
    for (String camera : cameras) {
      expected.add("q/" + camera + "#3 c (b) @3");
    }
    assertEquals(expected, after);
  }

  @Test
  void tenThousandQuestionsOnOneCameraAreBoundedWithAClearReason() throws Exception {
    try (var h = harness()) {
      for (int i = 0; i < 10_000; i++) {
        h.processElement2(
            new StreamRecord<>(register(String.format("q%05d", i), "cam", rule(1, 0, true, 1))));
      }
      List<Answer> rejected = h.extractOutputValues();
      assertEquals(10_000 - StandingLimits.DEFAULT_MAX_PER_CAMERA, rejected.size());
      assertEquals(AnswerStatus.REJECTED, rejected.get(0).getStatus());
      assertEquals(
          "camera cam already has 64 standing questions, the limit per camera",
          rejected.get(0).getError());
      h.getOutput().clear();
      frames(h, "cam", 1, 1, "a");
      assertEquals(StandingLimits.DEFAULT_MAX_PER_CAMERA, h.extractOutputValues().size());
    }
  }

  @Test
  void evaluationsOverTheBudgetAreDeferredToTheNextFrameNotLost() throws Exception {
    try (var h = harness(StandingLimits.defaults().withEvaluationsPerSecond(2), 1, 0)) {
      h.open();
      h.setProcessingTime(0);
      for (String id : List.of("q1", "q2", "q3")) {
        h.processElement2(new StreamRecord<>(register(id, "cam", rule(1, 0, true, 1))));
      }
      frames(h, "cam", 1, 1, "a");
      assertEquals(
          List.of("q1/cam#1 a (null) @1", "q2/cam#1 a (null) @1"), events(h.extractOutputValues()));
      h.getOutput().clear();
      h.setProcessingTime(1000);
      frames(h, "cam", 2, 1, "b");
      // q3, deferred on frame 1, has waited longest and goes first; q2 is deferred now.
      assertEquals(
          List.of("q3/cam#1 b (null) @2", "q1/cam#2 b (a) @2"), events(h.extractOutputValues()));
    }
  }
}
