package dev.streamdycoke.operators.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.streamdycoke.model.VisionModel;
import dev.streamdycoke.operators.ModelSpec;
import dev.streamdycoke.operators.TestModels;
import dev.streamdycoke.operators.gate.ChangeGateConfig;
import dev.streamdycoke.operators.records.DecodedFrame;
import dev.streamdycoke.operators.records.FrameTokens;
import dev.streamdycoke.operators.retire.IdleTimeout;
import dev.streamdycoke.operators.shed.FrameShedder;
import dev.streamdycoke.operators.ttm.DycokeMerger;
import dev.streamdycoke.operators.ttm.DycokeState;
import dev.streamdycoke.operators.ttm.DycokeStateParts;
import dev.streamdycoke.operators.ttm.DycokeWindow;
import dev.streamdycoke.operators.ttm.Fp16Rows;
import dev.streamdycoke.operators.ttm.Int8Frame;
import dev.streamdycoke.operators.ttm.ReferenceFrame;
import dev.streamdycoke.operators.ttm.ReferencePrecision;
import dev.streamdycoke.operators.ttm.TtmConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * After every frame, the encode operator's DyCoke keyed state (window, anchor, position-2 frame,
 * background) holds exactly what a merger fed the camera's frames from scratch holds: across window
 * positions, background refreshes, gaps in seq, interleaved cameras and restores.
 */
class DycokeKeyedStateTest {
  private static final TtmConfig TTM = TtmConfig.dycoke(0.7);

  @TempDir static Path checkpointDir;
  private static ModelSpec model;
  private static final Map<Long, float[][]> TOKENS = new HashMap<>();

  @BeforeAll
  static void writeCheckpoint() throws Exception {
    model = TestModels.tinyCheckpoint(checkpointDir);
    try (VisionModel vision = model.openVision()) {
      for (long seq = 0; seq < 24; seq++) {
        TOKENS.put(seq, vision.encoder().encode(List.of(TestModels.movingSquare(seq)))[0]);
      }
    }
  }

  static Stream<StateBackend> backends() {
    return Stream.of(new HashMapStateBackend(), new EmbeddedRocksDBStateBackend());
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, DecodedFrame, FrameTokens> harness(
      StateBackend backend) throws Exception {
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new EncodeAndMergeOperator(model, TTM, new BatchPolicy(1, 0)),
            (DecodedFrame f) -> f.cameraId,
            Types.STRING);
    h.setStateBackend(backend);
    return h;
  }

  @ParameterizedTest
  @MethodSource("backends")
  void stateMatchesARecomputationAfterEveryFrameWithGapsAndTwoCameras(StateBackend backend)
      throws Exception {
    long[] a = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    // Enters at position 2, misses position 2 before a position 3, skips whole windows.
    long[] b = {2, 3, 5, 7, 8, 9, 11, 12, 15, 17, 18, 22, 23};
    Map<String, List<Long>> history = new HashMap<>();
    try (var h = harness(backend)) {
      h.open();
      for (int i = 0; i < a.length; i++) {
        send(h, "cam-a", a[i], history);
        send(h, "cam-b", b[i], history);
      }
    }
  }

  /** RocksDB, the backend of large fleets; the heap backend's restores are covered above. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3})
  void aRestoreAtAnyWindowPositionGoesOnAsIfUninterrupted(int position) throws Exception {
    long[] stream = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 14, 15, 16, 19, 20};
    long cut = 4 + position;
    Map<Long, int[]> uninterrupted = new HashMap<>();
    DycokeMerger scratch = new DycokeMerger(TTM);
    for (long seq : stream) {
      uninterrupted.put(seq, scratch.merge(seq, TOKENS.get(seq)).keptCells());
    }
    Map<String, List<Long>> history = new HashMap<>();
    OperatorSubtaskState snapshot;
    try (var h = harness(new EmbeddedRocksDBStateBackend())) {
      h.open();
      for (long seq : stream) {
        if (seq <= cut) {
          send(h, "cam-a", seq, history);
        }
      }
      snapshot = h.snapshot(1, 1);
    }
    try (var h = harness(new EmbeddedRocksDBStateBackend())) {
      h.initializeState(snapshot);
      h.open();
      assertStored(h, "cam-a", history.get("cam-a"));
      for (long seq : stream) {
        if (seq > cut) {
          send(h, "cam-a", seq, history);
        }
      }
      for (FrameTokens resumed : h.extractOutputValues()) {
        assertArrayEquals(
            uninterrupted.get(resumed.seq),
            resumed.keptCells,
            "seq " + resumed.seq + " after a restore at position " + position);
      }
    }
  }

  /** Retirement clears every DyCoke state, the position-2 frame and the old layout included. */
  @ParameterizedTest
  @MethodSource("backends")
  void retirementClearsEveryDycokeState(StateBackend backend) throws Exception {
    long timeout = 60_000;
    try (var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new EncodeAndMergeOperator(
                model,
                TTM,
                new BatchPolicy(1, 0),
                ChangeGateConfig.off(),
                FrameShedder.off(),
                new IdleTimeout(timeout)),
            (DecodedFrame f) -> f.cameraId,
            Types.STRING)) {
      h.setStateBackend(backend);
      h.setProcessingTime(0);
      h.open();
      for (long seq = 0; seq < 3; seq++) {
        h.processElement(new StreamRecord<>(TestModels.frame("cam-a", seq)));
      }
      KeyedStateBackend<Object> keyed = h.getOperator().getKeyedStateBackend();
      keyed.setCurrentKey("cam-a");
      assertNotNull(value(keyed, SplitDycokeMerger.MID, Int8Frame.class));
      // Alone on its subtask, no other camera's capture time can show the input moved on, so the
      // camera is retired after twice the timeout (IdleTimeout).
      h.setProcessingTime(2 * timeout);
      keyed.setCurrentKey("cam-a");
      for (String name : SplitDycokeMerger.STATE_NAMES) {
        Class<?> type =
            name.equals(SplitDycokeMerger.WINDOW) ? DycokeWindow.class : Int8Frame.class;
        assertNull(value(keyed, name, type), name + " after retirement");
      }
      for (String name : Binary16Layout.STATE_NAMES) {
        Class<?> type =
            name.equals(Binary16Layout.WINDOW) ? DycokeWindow.class : ReferenceFrame.class;
        assertNull(value(keyed, name, type), name + " after retirement");
      }
      assertNull(value(keyed, KeyedMerger.STATE_NAME, DycokeState.class));
    }
  }

  /**
   * A savepoint of the layout before binary16 (the whole {@link DycokeState}, float rows, in one
   * value) is migrated: each camera's first frame after the restore converts its state, and from
   * then on the stored state is what a merger holds that ran in float up to the savepoint and in
   * int8 after it.
   */
  @ParameterizedTest
  @MethodSource("backends")
  void aSavepointOfTheOldLayoutIsMigratedOnEachCamerasNextFrame(StateBackend backend)
      throws Exception {
    long cut = 6;
    OperatorSubtaskState snapshot;
    try (var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new OldLayoutOperator(), (DecodedFrame f) -> f.cameraId, Types.STRING)) {
      h.setStateBackend(backend);
      h.open();
      for (long seq = 0; seq <= cut; seq++) {
        h.processElement(new StreamRecord<>(TestModels.frame("cam-a", seq)));
      }
      snapshot = h.snapshot(1, 1);
    }
    DycokeMerger old = new DycokeMerger(TTM, ReferencePrecision.FLOAT);
    for (long seq = 0; seq <= cut; seq++) {
      old.merge(seq, TOKENS.get(seq));
    }
    DycokeMerger expected = new DycokeMerger(TTM);
    expected.restore(DycokeStateParts.fromLegacy(old.snapshot()));
    try (var h = harness(backend)) {
      h.initializeState(snapshot);
      h.open();
      h.processElement(new StreamRecord<>(TestModels.frame("cam-a", cut)));
      assertEquals(
          1,
          h.getSideOutput(EncodeAndMergeOperator.DEAD_LETTERS).size(),
          "the old layout's last seq still rejects a replayed frame");
      for (long seq = cut + 1; seq < 14; seq++) {
        h.processElement(new StreamRecord<>(TestModels.frame("cam-a", seq)));
        expected.merge(seq, TOKENS.get(seq));
        assertStored(
            h.getOperator().getKeyedStateBackend(), "cam-a", expected.snapshot(), "seq " + seq);
      }
    }
  }

  /**
   * A savepoint of the binary16 layout (the same four values under the names {@link Binary16Layout}
   * reads) is migrated: each camera's first frame after the restore converts its state to int8 and
   * clears the old values, and from then on the stored state is what a merger holds that ran in
   * binary16 up to the savepoint and in int8 after it. One camera is cut at window position 1, the
   * other at position 3 after skipping position 2.
   */
  @ParameterizedTest
  @MethodSource("backends")
  void aSavepointOfTheBinary16LayoutIsMigratedOnEachCamerasNextFrame(StateBackend backend)
      throws Exception {
    long[] a = {0, 1, 2, 3, 4, 5};
    long[] b = {0, 1, 3, 4, 5, 6, 7};
    OperatorSubtaskState snapshot;
    try (var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new Binary16LayoutOperator(), (DecodedFrame f) -> f.cameraId, Types.STRING)) {
      h.setStateBackend(backend);
      h.open();
      for (long seq : a) {
        h.processElement(new StreamRecord<>(TestModels.frame("cam-a", seq)));
      }
      for (long seq : b) {
        h.processElement(new StreamRecord<>(TestModels.frame("cam-b", seq)));
      }
      snapshot = h.snapshot(1, 1);
    }
    Map<String, DycokeMerger> expected = new HashMap<>();
    for (var camera : Map.of("cam-a", a, "cam-b", b).entrySet()) {
      DycokeMerger old = new DycokeMerger(TTM, ReferencePrecision.BINARY16);
      for (long seq : camera.getValue()) {
        old.merge(seq, TOKENS.get(seq));
      }
      DycokeState s = old.snapshot();
      DycokeMerger migrated = new DycokeMerger(TTM);
      migrated.restore(
          DycokeStateParts.fromBinary16(
              DycokeStateParts.window(s), binary16(s.anchorTokens, null),
              binary16(s.midTokens, s.midKept),
                  binary16(s.background == null ? null : s.background.rows, null)));
      expected.put(camera.getKey(), migrated);
    }
    try (var h = harness(backend)) {
      h.initializeState(snapshot);
      h.open();
      for (long seq = 6; seq < 14; seq++) {
        for (String camera : List.of("cam-a", "cam-b")) {
          if (camera.equals("cam-b") && seq <= 7) {
            continue;
          }
          h.processElement(new StreamRecord<>(TestModels.frame(camera, seq)));
          expected.get(camera).merge(seq, TOKENS.get(seq));
          KeyedStateBackend<Object> keyed = h.getOperator().getKeyedStateBackend();
          assertStored(keyed, camera, expected.get(camera).snapshot(), "seq " + seq);
          for (String name : Binary16Layout.STATE_NAMES) {
            Class<?> type =
                name.equals(Binary16Layout.WINDOW) ? DycokeWindow.class : ReferenceFrame.class;
            assertNull(value(keyed, name, type), name + " of " + camera + " after migration");
          }
        }
      }
    }
  }

  /**
   * A savepoint of the previous int8 layout, whose frames stored their rows' norms, is restored as
   * it is: the stored norms are used until a frame is replaced, then new frames are written without
   * them, and the state goes on as if uninterrupted. One camera is cut at window position 1 (its
   * anchor and background from the savepoint are read back), the other at position 3.
   */
  @ParameterizedTest
  @MethodSource("backends")
  void aSavepointOfInt8FramesWithStoredNormsGoesOnAsIfUninterrupted(StateBackend backend)
      throws Exception {
    long[] a = {0, 1, 2, 3, 4, 5};
    long[] b = {0, 1, 2, 3, 4, 5, 6, 7};
    OperatorSubtaskState snapshot;
    try (var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new StoredNormsLayoutOperator(), (DecodedFrame f) -> f.cameraId, Types.STRING)) {
      h.setStateBackend(backend);
      h.open();
      for (long seq : a) {
        h.processElement(new StreamRecord<>(TestModels.frame("cam-a", seq)));
      }
      for (long seq : b) {
        h.processElement(new StreamRecord<>(TestModels.frame("cam-b", seq)));
      }
      snapshot = h.snapshot(1, 1);
      KeyedStateBackend<Object> keyed = h.getOperator().getKeyedStateBackend();
      keyed.setCurrentKey("cam-a");
      assertNotNull(
          value(keyed, SplitDycokeMerger.ANCHOR, Int8Frame.class).norms, "the old layout's norms");
    }
    Map<String, List<Long>> history = new HashMap<>();
    for (long seq : a) {
      history.computeIfAbsent("cam-a", c -> new ArrayList<>()).add(seq);
    }
    for (long seq : b) {
      history.computeIfAbsent("cam-b", c -> new ArrayList<>()).add(seq);
    }
    try (var h = harness(backend)) {
      h.initializeState(snapshot);
      h.open();
      for (long seq = 8; seq < 14; seq++) {
        if (seq == 8) {
          send(h, "cam-a", 6, history);
          send(h, "cam-a", 7, history);
        }
        send(h, "cam-a", seq, history);
        send(h, "cam-b", seq, history);
      }
    }
  }

  /**
   * The encode stage's DyCoke state in the previous int8 layout, whose frames stored their norms,
   * to take a savepoint of: the same four values, every one written on every frame.
   */
  private static final class StoredNormsLayoutOperator extends AbstractStreamOperator<FrameTokens>
      implements OneInputStreamOperator<DecodedFrame, FrameTokens> {
    private transient Map<Object, DycokeMerger> mergers;
    private transient ValueState<DycokeWindow> window;
    private transient ValueState<Int8Frame> anchor;
    private transient ValueState<Int8Frame> mid;
    private transient ValueState<Int8Frame> background;

    @Override
    public void open() throws Exception {
      super.open();
      mergers = new HashMap<>();
      window =
          getRuntimeContext()
              .getState(new ValueStateDescriptor<>(SplitDycokeMerger.WINDOW, DycokeWindow.class));
      anchor = frameState(SplitDycokeMerger.ANCHOR);
      mid = frameState(SplitDycokeMerger.MID);
      background = frameState(SplitDycokeMerger.BACKGROUND);
    }

    private ValueState<Int8Frame> frameState(String name) {
      return getRuntimeContext().getState(new ValueStateDescriptor<>(name, Int8Frame.class));
    }

    @Override
    public void processElement(StreamRecord<DecodedFrame> element) throws Exception {
      DycokeMerger merger = mergers.computeIfAbsent(getCurrentKey(), k -> new DycokeMerger(TTM));
      merger.merge(element.getValue().seq, TOKENS.get(element.getValue().seq));
      DycokeState s = merger.snapshot();
      window.update(DycokeStateParts.window(s));
      anchor.update(withNorms(DycokeStateParts.anchor(s)));
      mid.update(withNorms(DycokeStateParts.mid(s)));
      background.update(withNorms(DycokeStateParts.background(s)));
    }

    private static Int8Frame withNorms(Int8Frame frame) {
      if (frame != null) {
        frame.norms = frame.norms();
      }
      return frame;
    }
  }

  private static ReferenceFrame binary16(float[][] rows, boolean[] kept) {
    return rows == null ? null : new ReferenceFrame(Fp16Rows.encode(rows), new float[0], kept);
  }

  /**
   * The encode stage's DyCoke state in the binary16 layout, to take a savepoint of. Its mergers
   * stay in memory, so they compute in binary16 throughout as that job did.
   */
  private static final class Binary16LayoutOperator extends AbstractStreamOperator<FrameTokens>
      implements OneInputStreamOperator<DecodedFrame, FrameTokens> {
    private transient Map<Object, DycokeMerger> mergers;
    private transient ValueState<DycokeWindow> window;
    private transient ValueState<ReferenceFrame> anchor;
    private transient ValueState<ReferenceFrame> mid;
    private transient ValueState<ReferenceFrame> background;

    @Override
    public void open() throws Exception {
      super.open();
      mergers = new HashMap<>();
      window = frameState("ttm-window", DycokeWindow.class);
      anchor = frameState("ttm-anchor", ReferenceFrame.class);
      mid = frameState("ttm-mid", ReferenceFrame.class);
      background = frameState("ttm-background", ReferenceFrame.class);
    }

    private <T> ValueState<T> frameState(String name, Class<T> type) {
      return getRuntimeContext().getState(new ValueStateDescriptor<>(name, type));
    }

    /** Writes every value on every frame: the layout, not its write pattern, is under test. */
    @Override
    public void processElement(StreamRecord<DecodedFrame> element) throws Exception {
      DycokeMerger merger =
          mergers.computeIfAbsent(
              getCurrentKey(), k -> new DycokeMerger(TTM, ReferencePrecision.BINARY16));
      merger.merge(element.getValue().seq, TOKENS.get(element.getValue().seq));
      DycokeState s = merger.snapshot();
      window.update(DycokeStateParts.window(s));
      anchor.update(binary16(s.anchorTokens, null));
      mid.update(binary16(s.midTokens, s.midKept));
      background.update(binary16(s.background == null ? null : s.background.rows, null));
    }
  }

  /** The encode stage's DyCoke state as the job kept it before binary16, to take a savepoint of. */
  private static final class OldLayoutOperator extends AbstractStreamOperator<FrameTokens>
      implements OneInputStreamOperator<DecodedFrame, FrameTokens> {
    private transient DycokeMerger merger;
    private transient ValueState<DycokeState> state;

    @Override
    public void open() throws Exception {
      super.open();
      merger = new DycokeMerger(TTM, ReferencePrecision.FLOAT);
      state =
          getRuntimeContext()
              .getState(
                  new ValueStateDescriptor<>(
                      "ttm-references", TypeInformation.of(DycokeState.class)));
    }

    @Override
    public void processElement(StreamRecord<DecodedFrame> element) throws Exception {
      DycokeState current = state.value();
      merger.restore(current == null ? new DycokeState() : current);
      merger.merge(element.getValue().seq, TOKENS.get(element.getValue().seq));
      state.update(merger.snapshot());
    }
  }

  private static void send(
      KeyedOneInputStreamOperatorTestHarness<String, DecodedFrame, FrameTokens> h,
      String camera,
      long seq,
      Map<String, List<Long>> history)
      throws Exception {
    h.processElement(new StreamRecord<>(TestModels.frame(camera, seq)));
    history.computeIfAbsent(camera, c -> new ArrayList<>()).add(seq);
    assertStored(h, camera, history.get(camera));
  }

  /** The camera's stored state equals a fresh merger's after the camera's frames. */
  static void assertStored(
      KeyedOneInputStreamOperatorTestHarness<String, DecodedFrame, FrameTokens> h,
      String camera,
      List<Long> seqs)
      throws Exception {
    DycokeMerger scratch = new DycokeMerger(TTM);
    for (long seq : seqs) {
      scratch.merge(seq, TOKENS.get(seq));
    }
    assertStored(h.getOperator().getKeyedStateBackend(), camera, scratch.snapshot(), seqs);
  }

  static void assertStored(
      KeyedStateBackend<Object> backend, String camera, DycokeState expected, Object context)
      throws Exception {
    String at = camera + " after " + context;
    backend.setCurrentKey(camera);
    DycokeWindow window = value(backend, SplitDycokeMerger.WINDOW, DycokeWindow.class);
    assertNotNull(window, at);
    DycokeWindow expectedWindow = DycokeStateParts.window(expected);
    assertEquals(expectedWindow.lastSeq, window.lastSeq, at);
    assertEquals(expectedWindow.hasAnchor, window.hasAnchor, at);
    assertEquals(expectedWindow.hasMid, window.hasMid, at);
    assertEquals(expectedWindow.hasBackground, window.hasBackground, at);
    if (window.hasAnchor) {
      assertEquals(expectedWindow.anchorSeq, window.anchorSeq, at);
    }
    if (window.hasMid) {
      assertEquals(expectedWindow.midSeq, window.midSeq, at);
    }
    assertFrame(
        DycokeStateParts.anchor(expected),
        value(backend, SplitDycokeMerger.ANCHOR, Int8Frame.class),
        "anchor of " + at);
    assertFrame(
        DycokeStateParts.mid(expected),
        value(backend, SplitDycokeMerger.MID, Int8Frame.class),
        "position 2 of " + at);
    assertFrame(
        DycokeStateParts.background(expected),
        value(backend, SplitDycokeMerger.BACKGROUND, Int8Frame.class),
        "background of " + at);
    assertNull(value(backend, KeyedMerger.STATE_NAME, DycokeState.class), "old layout of " + at);
  }

  private static void assertFrame(Int8Frame expected, Int8Frame actual, String what) {
    if (expected == null) {
      assertNull(actual, what + " is not stored");
      return;
    }
    assertNotNull(actual, what);
    assertArrayEquals(expected.codes, actual.codes, what);
    assertArrayEquals(expected.exponents, actual.exponents, what);
    if (actual.norms != null) {
      // Written by the previous version, which stored them.
      assertArrayEquals(expected.norms(), actual.norms, what + ": stored norms");
    }
    assertArrayEquals(expected.norms(), actual.norms(), what);
    assertArrayEquals(expected.kept, actual.kept, what);
  }

  private static <T> T value(KeyedStateBackend<Object> backend, String name, Class<T> type)
      throws Exception {
    ValueState<T> state =
        backend.getPartitionedState(
            VoidNamespace.INSTANCE,
            VoidNamespaceSerializer.INSTANCE,
            new ValueStateDescriptor<>(name, type));
    return state.value();
  }
}
