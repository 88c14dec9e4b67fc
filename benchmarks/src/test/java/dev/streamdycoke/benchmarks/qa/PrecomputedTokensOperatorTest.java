package dev.streamdycoke.benchmarks.qa;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamdycoke.operators.MeteredHarness;
import dev.streamdycoke.operators.ModelSpec;
import dev.streamdycoke.operators.TestModels;
import dev.streamdycoke.operators.records.DecodedFrame;
import dev.streamdycoke.operators.records.FrameTokens;
import dev.streamdycoke.operators.retire.IdleTimeout;
import dev.streamdycoke.operators.ttm.TtmConfig;
import java.nio.file.Path;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The churn benchmark's encode stage retires idle cameras as the job's does: a camera idle for the
 * timeout leaves no keyed state, one seen meanwhile keeps its state.
 */
class PrecomputedTokensOperatorTest {
  private static final long TIMEOUT = 1_000;
  private static final long T0 = 5_000_000L;

  @TempDir Path dir;

  @Test
  void aCameraIdleForTheTimeoutLeavesNoKeyedState() throws Exception {
    ModelSpec model = TestModels.tinyCheckpoint(dir);
    InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
    try (MockEnvironment environment = MeteredHarness.environment(metrics);
        var h =
            new KeyedOneInputStreamOperatorTestHarness<String, DecodedFrame, FrameTokens>(
                new PrecomputedTokensOperator(
                    model, TtmConfig.dycoke(0.7), new IdleTimeout(TIMEOUT)),
                f -> f.cameraId,
                Types.STRING,
                environment)) {
      h.setStateBackend(new HashMapStateBackend());
      h.setProcessingTime(T0);
      h.open();
      long merged = PrecomputedTokensOperator.FRAMES_MERGED.sum();
      for (long seq = 0; seq < 3; seq++) {
        h.processElement(new StreamRecord<>(TestModels.frame("cam-a", seq)));
        h.processElement(new StreamRecord<>(TestModels.frame("cam-b", seq)));
      }
      assertEquals(6, PrecomputedTokensOperator.FRAMES_MERGED.sum() - merged);
      // DyCoke's window, anchor, position-2 frame and background, and activity, per camera.
      assertEquals(10, h.numKeyedStateEntries());

      // cam-b's frame half way is captured a timeout after cam-a's last, and the watermark shows
      // every input read that far: cam-a is really silent rather than stuck behind a lagging
      // input.
      h.setProcessingTime(T0 + TIMEOUT / 2);
      long captured = TestModels.frame("cam-a", 2).captureTime + TIMEOUT;
      h.processElement(
          new StreamRecord<>(new DecodedFrame("cam-b", 3, captured, TestModels.movingSquare(3))));
      h.processWatermark(captured);
      h.setProcessingTime(T0 + TIMEOUT);
      assertEquals(5, h.numKeyedStateEntries(), "only cam-b, seen half way, keeps state");
      assertEquals(1, MeteredHarness.counter(metrics, "camerasRetired"));

      // Alone on the subtask, the watermark stands still and cannot show cam-b's input moved on:
      // it goes after twice the timeout.
      h.setProcessingTime(T0 + TIMEOUT / 2 + TIMEOUT);
      assertEquals(5, h.numKeyedStateEntries());
      h.setProcessingTime(T0 + TIMEOUT / 2 + 2 * TIMEOUT);
      assertEquals(0, h.numKeyedStateEntries());
      assertEquals(2, MeteredHarness.counter(metrics, "camerasRetired"));
      assertEquals(0, h.numProcessingTimeTimers());
    }
  }
}
