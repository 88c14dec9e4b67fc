package dev.streamdycoke.cli;

import dev.streamdycoke.cli.cluster.FlinkRestClient;
import dev.streamdycoke.cli.cluster.LocalFlinkCluster;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which Flink cluster a command talks to: an explicit REST address, else the local cluster's. */
public final class JobManagerOptions {
  /** Where {@code cluster start} keeps the local cluster unless told otherwise. */
  static final Path DEFAULT_HOME =
      Path.of(System.getProperty("user.home"), ".cache", "streamdycoke", "cluster");

  @Option(
      names = "--jobmanager",
      description =
          "REST address of the JobManager, e.g. http://flink:8081 (default: the local cluster's, else http://localhost:8081).")
  String jobManager;

  @Option(
      names = "--cluster-home",
      description = "Folder of the local cluster (default: ~/.cache/streamdycoke/cluster).")
  Path home;

  Path home() {
    return home != null ? home : DEFAULT_HOME;
  }

  FlinkRestClient rest() {
    if (jobManager != null) {
      return new FlinkRestClient(jobManager);
    }
    return LocalFlinkCluster.attach(home())
        .map(LocalFlinkCluster::rest)
        .orElseGet(() -> new FlinkRestClient("http://localhost:8081"));
  }
}
