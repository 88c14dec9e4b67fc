package dev.streamdycoke.job;

import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The Flink settings the job relies on, applied to an environment. */
public final class FlinkSetup {
  private FlinkSetup() {}

  /**
   * Exactly-once checkpoints at the given interval (the Kafka sink commits answers on each), no
   * Kryo (every record and state type has a serializer of its own), and the state backend.
   *
   * @param stateDir checkpoint storage URI, or null to keep checkpoints in JobManager memory
   * @param stateBackend {@code hashmap} or {@code rocksdb}
   */
  public static Configuration configuration(
      Duration checkpointInterval, String stateDir, String stateBackend) {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(StateBackendOptions.STATE_BACKEND, stateBackend);
    if (stateDir != null) {
      conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, stateDir);
      conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    }
    if (stateBackend.equalsIgnoreCase("rocksdb")) {
      conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
    }
    return conf;
  }

  public static void enableCheckpointing(StreamExecutionEnvironment env, Duration interval) {
    env.enableCheckpointing(interval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
  }
}
