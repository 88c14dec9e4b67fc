package dev.streamdycoke.job.args;

import dev.streamdycoke.job.FlinkSetup;
import dev.streamdycoke.job.JobSettings;
import dev.streamdycoke.job.StreamDyCokeJob;
import dev.streamdycoke.job.io.KafkaConnections;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs the job against a Kafka cluster: in this process on a MiniCluster when started with java, or
 * on the cluster when the jar is submitted with {@code flink run}.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Run the job against a Kafka cluster (a local MiniCluster, or the cluster it is submitted to).")
public final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Option(
      names = "--model",
      required = true,
      description =
          "Model checkpoint directory (Hugging Face layout), readable by every TaskManager.")
  Path model;

  @Option(
      names = "--job-name",
      defaultValue = "streamdycoke",
      description = "Default: ${DEFAULT-VALUE}.")
  String jobName;

  @Mixin KafkaOptions kafka;
  @Mixin JobOptions job;
  @Mixin RegistryOptions registry;

  public Path model() {
    return model;
  }

  public JobOptions job() {
    return job;
  }

  public KafkaOptions kafka() {
    return kafka;
  }

  public RegistryOptions registry() {
    return registry;
  }

  @Override
  public Integer call() throws Exception {
    JobSettings settings = job.settings(model);
    Configuration conf =
        FlinkSetup.configuration(settings.checkpointInterval(), job.stateDir(), job.stateBackend());
    job.stateStorage().applyTo(conf, job.stateDir());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    configure(env, settings, job, kafka, registry);
    env.execute(jobName);
    return 0;
  }

  /** Wires the Kafka topology into an environment; shared with the demo. */
  public static void configure(
      StreamExecutionEnvironment env, JobSettings settings, JobOptions job, KafkaOptions kafka) {
    configure(env, settings, job, kafka, new RegistryOptions());
  }

  /** As above, reading (and with --registry-output writing) through a schema registry if set. */
  public static void configure(
      StreamExecutionEnvironment env,
      JobSettings settings,
      JobOptions job,
      KafkaOptions kafka,
      RegistryOptions registry) {
    FlinkSetup.enableCheckpointing(env, settings.checkpointInterval());
    if (job.parallelism() != null) {
      env.setParallelism(job.parallelism());
    }
    KafkaConnections connections =
        new KafkaConnections(
            kafka.bootstrapServers(),
            kafka.clientProperties(),
            kafka.topics(),
            job.groupId(),
            job.transactionalIdPrefix());
    if (registry.config() != null) {
      // RegistryConfig masks its secrets, so this line is safe at INFO.
      LOG.info("Schema registry: {}", registry);
    }
    connections.withRegistryOutput(registry.outputConfig());
    StreamDyCokeJob.build(
        env,
        settings,
        connections.framesSource(),
        connections.queriesSource(),
        connections.answersSink(),
        connections.deadLettersSink(),
        registry.config());
  }
}
