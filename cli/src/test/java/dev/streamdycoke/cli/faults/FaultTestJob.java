package dev.streamdycoke.cli.faults;

import dev.streamdycoke.job.FlinkSetup;
import dev.streamdycoke.job.JobSettings;
import dev.streamdycoke.job.StreamDyCokeJob;
import dev.streamdycoke.job.io.KafkaConnections;
import dev.streamdycoke.operators.ModelSpec;
import dev.streamdycoke.schemas.Answer;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Starts the production topology on the test's MiniCluster with fast checkpoints and a fixed-delay
 * restart strategy, so that a failure is followed by a restore from the last checkpoint.
 */
final class FaultTestJob {
  static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(500);

  private FaultTestJob() {}

  static JobClient start(Path model, KafkaConnections connections, String name) throws Exception {
    return start(model, connections, connections.answersSink(), name);
  }

  static JobClient start(
      Path model, KafkaConnections connections, KafkaSink<Answer> answers, String name)
      throws Exception {
    Configuration conf = FlinkSetup.configuration(CHECKPOINT_INTERVAL, null, "hashmap");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 20);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    JobSettings settings =
        JobSettings.defaults(new ModelSpec(model.toString(), "cpu"))
            .withCheckpointInterval(CHECKPOINT_INTERVAL)
            .withEveryFrameEncoded();
    FlinkSetup.enableCheckpointing(env, settings.checkpointInterval());
    StreamDyCokeJob.build(
        env,
        settings,
        connections.framesSource(),
        connections.queriesSource(),
        answers,
        connections.deadLettersSink());
    return env.executeAsync(name);
  }
}
