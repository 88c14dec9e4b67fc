package dev.streamdycoke.cli;

import dev.streamdycoke.cli.kafka.EmbeddedKafka;
import dev.streamdycoke.job.FlinkSetup;
import dev.streamdycoke.job.JobSettings;
import dev.streamdycoke.job.Topics;
import dev.streamdycoke.job.args.JobOptions;
import dev.streamdycoke.job.args.KafkaOptions;
import dev.streamdycoke.job.args.RunCommand;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.BlobServerOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.NettyShuffleEnvironmentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * What the demo runs in its process: the embedded broker with the job's four topics, and the job on
 * a MiniCluster with its web UI, every listening socket bound to one address (loopback unless asked
 * otherwise). The web UI cannot upload or run jars: anyone who reaches it could otherwise run code
 * on this machine. Closing it cancels the job and stops the broker.
 */
final class DemoRuntime implements AutoCloseable {
  private final EmbeddedKafka kafka;
  private final KafkaOptions kafkaOptions;
  private final JobClient jobClient;
  private final String webUrl;

  private DemoRuntime(
      EmbeddedKafka kafka, KafkaOptions kafkaOptions, JobClient jobClient, String webUrl) {
    this.kafka = kafka;
    this.kafkaOptions = kafkaOptions;
    this.jobClient = jobClient;
    this.webUrl = webUrl;
  }

  /**
   * Starts the broker (on {@code kafkaPort} if free), creates the topics and submits the job.
   *
   * @param bindAddress the one address every socket listens on
   * @param framePartitions partitions of the frames topic
   * @param job the job's options; its parallelism (default 1) is the MiniCluster's
   */
  static DemoRuntime start(
      String bindAddress,
      int kafkaPort,
      int webPort,
      int framePartitions,
      JobSettings settings,
      JobOptions job)
      throws Exception {
    EmbeddedKafka kafka =
        EmbeddedKafka.builder().bindAddress(bindAddress).preferredPort(kafkaPort).build().start();
    try {
      KafkaOptions kafkaOptions = KafkaOptions.withDefaultTopics(kafka.bootstrapServers());
      Topics topics = kafkaOptions.topics();
      kafka.createJobTopics(topics, framePartitions);

      Configuration conf =
          FlinkSetup.configuration(
              settings.checkpointInterval(), job.stateDir(), job.stateBackend());
      job.stateStorage().applyTo(conf, job.stateDir());
      conf.addAll(flinkSettings(bindAddress, webPort));
      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
      env.setParallelism(job.parallelism() == null ? 1 : job.parallelism());
      // The demo sets parallelism itself, so the shared wiring must not override it.
      RunCommand.configure(env, settings, job.withoutParallelism(), kafkaOptions);
      JobClient client = env.executeAsync("streamdycoke-demo");
      return new DemoRuntime(
          kafka, kafkaOptions, client, "http://" + connectHost(bindAddress) + ":" + webPort);
    } catch (Exception | Error e) {
      kafka.close();
      throw e;
    }
  }

  /**
   * The MiniCluster's settings: REST/web UI, RPC, blob server and data port on {@code bindAddress};
   * no jar upload or run from the web UI (cancelling a job stays possible).
   */
  static Configuration flinkSettings(String bindAddress, int webPort) throws UnknownHostException {
    String host = connectHost(bindAddress);
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_ADDRESS, bindAddress);
    conf.set(RestOptions.ADDRESS, host);
    conf.set(RestOptions.PORT, webPort);
    conf.set(WebOptions.SUBMIT_ENABLE, false);
    conf.set(JobManagerOptions.BIND_HOST, bindAddress);
    conf.set(JobManagerOptions.ADDRESS, host);
    conf.set(TaskManagerOptions.BIND_HOST, bindAddress);
    conf.set(TaskManagerOptions.HOST, host);
    // The blob server binds to jobmanager.bind-host; its own port range stays "any free one".
    conf.set(BlobServerOptions.PORT, "0");
    conf.set(NettyShuffleEnvironmentOptions.DATA_PORT, 0);
    return conf;
  }

  /** Whether other machines can reach an address: anything but loopback. */
  static boolean reachableFromOtherMachines(String bindAddress) throws UnknownHostException {
    return !InetAddress.getByName(bindAddress).isLoopbackAddress();
  }

  private static String connectHost(String bindAddress) throws UnknownHostException {
    return InetAddress.getByName(bindAddress).isAnyLocalAddress() ? "localhost" : bindAddress;
  }

  KafkaOptions kafka() {
    return kafkaOptions;
  }

  String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  JobClient jobClient() {
    return jobClient;
  }

  /** The web UI and REST API, e.g. {@code http://127.0.0.1:8081}. */
  String webUrl() {
    return webUrl;
  }

  /** Cancels the job (which stops the MiniCluster), then stops the broker. */
  @Override
  public void close() throws Exception {
    try {
      jobClient.cancel().get(30, TimeUnit.SECONDS);
    } finally {
      kafka.close();
    }
  }
}
