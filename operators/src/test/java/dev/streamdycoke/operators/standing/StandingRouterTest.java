package dev.streamdycoke.operators.standing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.operators.records.CameraQuery;
import dev.streamdycoke.operators.records.FrameTokens;
import dev.streamdycoke.operators.retire.CameraIdleTracker;
import dev.streamdycoke.operators.retire.IdleTimeout;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

class StandingRouterTest {

  private static KeyedBroadcastOperatorTestHarness<
          String, FrameTokens, StandingControl, CameraQuery>
      harness(StandingLimits limits) throws Exception {
    var h = unopened(limits, 1, 0);
    h.open();
    return h;
  }

  private static StandingControl register(String id, String... cameras) {
    return StandingControl.register(
        id,
        List.of(cameras),
        "is anything stopped?",
        0L,
        0L,
        4,
        StandingQuestionsTest.rule(1, 0, false, 1));
  }

  private static void frame(
      KeyedBroadcastOperatorTestHarness<String, FrameTokens, StandingControl, CameraQuery> h,
      String camera)
      throws Exception {
    h.processElement(FrameTokens.unchanged(camera, 1, 1), 1);
  }

  private static List<String> delivered(
      KeyedBroadcastOperatorTestHarness<String, FrameTokens, StandingControl, CameraQuery> h) {
    List<String> out = new ArrayList<>();
    for (CameraQuery q : h.extractOutputValues()) {
      out.add(q.toString());
    }
    h.getOutput().clear();
    return out;
  }

  private static List<Answer> answers(
      KeyedBroadcastOperatorTestHarness<String, FrameTokens, StandingControl, CameraQuery> h) {
    List<Answer> out = new ArrayList<>();
    var side = h.getSideOutput(StandingRouter.ANSWERS);
    if (side != null) {
      side.forEach(r -> out.add(r.getValue()));
      side.clear();
    }
    return out;
  }

  @Test
  void aWildcardReachesCamerasSeenBeforeAndCamerasThatAppearLater() throws Exception {
    try (var h = harness(StandingLimits.defaults())) {
      frame(h, "cam-old");
      h.processBroadcastElement(register("all", "*"), 2);
      h.processBroadcastElement(register("mine", "cam-later"), 3);
      assertEquals(List.of("standing all@cam-old"), delivered(h));
      frame(h, "cam-later");
      frame(h, "cam-other");
      frame(h, "cam-later");
      assertEquals(
          List.of("standing all@cam-later", "standing mine@cam-later", "standing all@cam-other"),
          delivered(h));
    }
  }

  @Test
  void cancelReachesExactlyTheCamerasTheQuestionWasGivenAndIsAcknowledged() throws Exception {
    try (var h = harness(StandingLimits.defaults())) {
      frame(h, "a");
      frame(h, "b");
      h.processBroadcastElement(register("q", "a", "c"), 2);
      delivered(h);
      h.processBroadcastElement(StandingControl.cancel("q", 3), 3);
      assertEquals(List.of("cancel q@a"), delivered(h));
      List<Answer> acks = answers(h);
      assertEquals(1, acks.size());
      assertEquals(AnswerStatus.CANCELLED, acks.get(0).getStatus());
      assertEquals("*", acks.get(0).getCameraId());
      // Gone from the registry: a camera appearing later does not get it.
      frame(h, "c");
      assertEquals(List.of(), delivered(h));
    }
  }

  @Test
  void aTombstoneForAnUnknownIdIsRejectedWithAReason() throws Exception {
    try (var h = harness(StandingLimits.defaults())) {
      h.processBroadcastElement(StandingControl.cancel("never-registered", 1), 1);
      List<Answer> out = answers(h);
      assertEquals(1, out.size());
      assertEquals(AnswerStatus.REJECTED, out.get(0).getStatus());
      assertTrue(out.get(0).getError().contains("no standing question"), out.get(0).getError());
      assertEquals(List.of(), delivered(h));
    }
  }

  @Test
  void aCancelRacingItsRegistrationLeavesNothingRunning() throws Exception {
    try (var h = harness(StandingLimits.defaults())) {
      // Registered and cancelled before any camera was seen: nothing reaches a camera.
      h.processBroadcastElement(register("q", "*"), 1);
      h.processBroadcastElement(StandingControl.cancel("q", 2), 2);
      frame(h, "cam");
      assertEquals(List.of(), delivered(h));
      // The cancel overtaking its registration (different partitions): rejected, and the late
      // registration then stands until its own cancel.
      h.processBroadcastElement(StandingControl.cancel("r", 3), 3);
      h.processBroadcastElement(register("r", "cam"), 4);
      assertEquals(List.of("standing r@cam"), delivered(h));
      List<Answer> out = answers(h);
      assertEquals(AnswerStatus.CANCELLED, out.get(0).getStatus());
      assertEquals(AnswerStatus.REJECTED, out.get(1).getStatus());
    }
  }

  @Test
  void theJobLimitAndDuplicateIdsAreRejected() throws Exception {
    try (var h = harness(StandingLimits.defaults().withMaxPerJob(2))) {
      h.processBroadcastElement(register("a", "*"), 1);
      h.processBroadcastElement(register("a", "*"), 2);
      h.processBroadcastElement(register("b", "*"), 3);
      h.processBroadcastElement(register("c", "*"), 4);
      List<Answer> out = answers(h);
      assertEquals(2, out.size());
      assertTrue(out.get(0).getError().contains("already registered"), out.get(0).getError());
      assertEquals("the job already has 2 standing questions, its limit", out.get(1).getError());
      frame(h, "cam");
      assertEquals(List.of("standing a@cam", "standing b@cam"), delivered(h));
    }
  }

  @Test
  void theRegistrySurvivesASnapshotSoALaterCameraStillGetsTheWildcard() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness(StandingLimits.defaults())) {
      frame(h, "cam-1");
      h.processBroadcastElement(register("all", "*"), 2);
      delivered(h);
      snapshot = h.snapshot(1L, 1L);
    }
    // Restored at parallelism 2: each subtask has the registry, and keeps its own cameras' memory.
    List<String> cancels = new ArrayList<>();
    List<String> expected = new ArrayList<>(List.of("cancel all@cam-1"));
    for (int subtask = 0; subtask < 2; subtask++) {
      try (var h = restored(snapshot, subtask)) {
        if (owner("cam-1") == subtask) {
          frame(h, "cam-1");
        }
        String later = cameraOf(subtask);
        frame(h, later);
        assertEquals(List.of("standing all@" + later), delivered(h));
        expected.add("cancel all@" + later);
        h.processBroadcastElement(StandingControl.cancel("all", 3), 3);
        cancels.addAll(delivered(h));
        assertEquals(subtask == 0 ? 1 : 0, answers(h).size());
      }
    }
    cancels.sort(null);
    expected.sort(null);
    assertEquals(expected, cancels);
  }

  @Test
  void aRetiredCameraLeavesNoStateAndIsANewCameraWhenItComesBack() throws Exception {
    long timeout = 1_000;
    var h =
        new KeyedBroadcastOperatorTestHarness<>(
            new CoBroadcastWithKeyedOperator<>(
                new StandingRouter(StandingLimits.defaults(), new IdleTimeout(timeout)),
                List.of(StandingRouter.REGISTRY)),
            (FrameTokens t) -> t.cameraId,
            Types.STRING,
            128,
            1,
            0);
    try (h) {
      h.setProcessingTime(0);
      h.open();
      h.processBroadcastElement(register("all", "*"), 1);
      h.processBroadcastElement(register("mine", "gone"), 1);
      h.processElement(FrameTokens.unchanged("gone", 1, 10), 1);
      assertEquals(List.of("standing all@gone", "standing mine@gone"), delivered(h));
      assertEquals(List.of(SEEN, DELIVERED, ACTIVITY), statesOf(h, "gone"));

      // Alone on the subtask, the camera is retired after twice the timeout.
      for (long t = 0; t <= 2 * timeout; t += timeout / 10) {
        h.setProcessingTime(t);
      }
      assertEquals(List.of(), statesOf(h, "gone"));
      assertEquals(0, h.numProcessingTimeTimers());

      h.processElement(FrameTokens.unchanged("gone", 2, 5_000), 1);
      assertEquals(List.of("standing all@gone", "standing mine@gone"), delivered(h));
    }
  }

  @Test
  void anExpiredQuestionLeavesNoDeliveryBehind() throws Exception {
    try (var h = harness(StandingLimits.defaults())) {
      StandingControl brief = register("brief", "*");
      brief.rule.expiresAt = 100L;
      h.processBroadcastElement(brief, 1);
      frame(h, "cam");
      assertEquals(List.of("brief"), deliveredTo(h, "cam"));

      // The next registration finds it expired: its slot and the cameras' memory of it go.
      StandingControl next = register("next", "*");
      next.receivedAt = 200L;
      h.processBroadcastElement(next, 2);
      assertEquals(List.of("next"), deliveredTo(h, "cam"));
    }
  }

  private static final String SEEN = StandingRouter.SEEN.getName();
  private static final String DELIVERED = StandingRouter.DELIVERED.getName();
  private static final String ACTIVITY = CameraIdleTracker.STATE_NAME;

  /** Which of the router's keyed states hold an entry for {@code camera}. */
  private static List<String> statesOf(
      KeyedBroadcastOperatorTestHarness<String, FrameTokens, StandingControl, CameraQuery> h,
      String camera) {
    KeyedStateBackend<?> backend = h.getOperator().getKeyedStateBackend();
    List<String> holding = new ArrayList<>();
    for (String state : List.of(SEEN, DELIVERED, ACTIVITY)) {
      try (Stream<?> keys = backend.getKeys(state, VoidNamespace.INSTANCE)) {
        if (keys.anyMatch(camera::equals)) {
          holding.add(state);
        }
      }
    }
    return holding;
  }

  /** The query ids the router remembers giving {@code camera}. */
  private static List<String> deliveredTo(
      KeyedBroadcastOperatorTestHarness<String, FrameTokens, StandingControl, CameraQuery> h,
      String camera)
      throws Exception {
    KeyedStateBackend<Object> backend = h.getOperator().getKeyedStateBackend();
    backend.setCurrentKey(camera);
    MapState<String, Boolean> state =
        backend.getPartitionedState(
            VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, StandingRouter.DELIVERED);
    List<String> ids = new ArrayList<>();
    state.keys().forEach(ids::add);
    ids.sort(null);
    return ids;
  }

  private static int owner(String camera) {
    return KeyGroupRangeAssignment.assignKeyToParallelOperator(camera, 128, 2);
  }

  /** A new camera owned by {@code subtask} of 2. */
  private static String cameraOf(int subtask) {
    for (int i = 0; ; i++) {
      if (owner("cam-new-" + i) == subtask) {
        return "cam-new-" + i;
      }
    }
  }

  private static KeyedBroadcastOperatorTestHarness<
          String, FrameTokens, StandingControl, CameraQuery>
      unopened(StandingLimits limits, int parallelism, int subtask) throws Exception {
    return new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(
            new StandingRouter(limits), List.of(StandingRouter.REGISTRY)),
        t -> t.cameraId,
        Types.STRING,
        128,
        parallelism,
        subtask);
  }

  /** Subtask {@code subtask} of 2, restored from a snapshot taken at parallelism 1. */
  private static KeyedBroadcastOperatorTestHarness<
          String, FrameTokens, StandingControl, CameraQuery>
      restored(OperatorSubtaskState snapshot, int subtask) throws Exception {
    var h = unopened(StandingLimits.defaults(), 2, subtask);
    h.setup();
    h.initializeState(
        AbstractStreamOperatorTestHarness.repartitionOperatorState(snapshot, 128, 1, 2, subtask));
    h.open();
    return h;
  }
}
