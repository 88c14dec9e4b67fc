package dev.streamdycoke.benchmarks.qa;

import dev.streamdycoke.job.FlinkSetup;
import dev.streamdycoke.job.JobSettings;
import dev.streamdycoke.job.StreamDyCokeJob;
import dev.streamdycoke.job.Topics;
import dev.streamdycoke.job.io.KafkaConnections;
import java.util.Properties;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The whole job as the load benchmarks run it: on a MiniCluster of one TaskManager, against a
 * broker, with the job's real vision tower or with precomputed tokens ({@link
 * PrecomputedTokensOperator}) in its place.
 */
final class BenchmarkJob {
  private BenchmarkJob() {}

  /** Starts a MiniCluster of one TaskManager with {@code slots} slots; the caller closes it. */
  static MiniCluster startCluster(Configuration conf, int slots) throws Exception {
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
    cluster.start();
    return cluster;
  }

  /**
   * Submits the job reading and writing {@code topics} on {@code bootstrapServers} as consumer
   * group {@code group}, checkpointed at the settings' interval.
   */
  static JobID submit(
      MiniCluster cluster,
      Configuration conf,
      int parallelism,
      JobSettings settings,
      String bootstrapServers,
      Topics topics,
      String group,
      boolean precomputedTokens)
      throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(parallelism);
    FlinkSetup.enableCheckpointing(env, settings.checkpointInterval());
    KafkaConnections connections =
        new KafkaConnections(bootstrapServers, new Properties(), topics, group, group);
    if (precomputedTokens) {
      StreamDyCokeJob.build(
          env,
          settings,
          connections.framesSource(),
          connections.queriesSource(),
          connections.answersSink(),
          connections.deadLettersSink(),
          new PrecomputedTokensOperator(settings.model(), settings.ttm(), settings.idleTimeout()));
    } else {
      StreamDyCokeJob.build(env, settings, connections);
    }
    return cluster.submitJob(env.getStreamGraph().getJobGraph()).get().getJobID();
  }
}
