package dev.streamdycoke.operators;

import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingTaskMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

/**
 * A process-function harness whose operator metric group records what the function registers,
 * because ProcessFunctionTestHarnesses gives functions a group that forgets everything.
 */
public final class MeteredHarness<IN, OUT> implements AutoCloseable {

  private final InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
  private final MockEnvironment environment;
  private final OneInputStreamOperatorTestHarness<IN, OUT> harness;

  public MeteredHarness(ProcessFunction<IN, OUT> function) throws Exception {
    environment = environment(metrics);
    harness = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(function), environment);
    harness.open();
  }

  /**
   * A mock environment whose operators all register their metrics in {@code metrics}; the caller
   * closes it.
   */
  public static MockEnvironment environment(InterceptingOperatorMetricGroup metrics) {
    InterceptingTaskMetricGroup task =
        new InterceptingTaskMetricGroup() {
          @Override
          public InternalOperatorMetricGroup getOrAddOperator(String name) {
            return metrics;
          }

          @Override
          public InternalOperatorMetricGroup getOrAddOperator(
              OperatorID id, String name, Map<String, String> additionalVariables) {
            return metrics;
          }
        };
    return new MockEnvironmentBuilder().setMetricGroup(task).build();
  }

  /** The count of counter {@code name} in {@code metrics}, failing if none was registered. */
  public static long counter(InterceptingOperatorMetricGroup metrics, String name) {
    Metric metric = metrics.get(name);
    if (!(metric instanceof Counter)) {
      throw new AssertionError("no counter '" + name + "' registered, found " + metric);
    }
    return ((Counter) metric).getCount();
  }

  public OneInputStreamOperatorTestHarness<IN, OUT> harness() {
    return harness;
  }

  /** The count of a counter the function registered, failing if it registered none by that name. */
  public long counter(String name) {
    return counter(metrics, name);
  }

  @Override
  public void close() throws Exception {
    try {
      harness.close();
    } finally {
      environment.close();
    }
  }
}
