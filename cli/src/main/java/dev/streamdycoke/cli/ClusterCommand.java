package dev.streamdycoke.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamdycoke.cli.cluster.FlinkDistribution;
import dev.streamdycoke.cli.cluster.FlinkRestClient;
import dev.streamdycoke.cli.cluster.LocalClusterConfig;
import dev.streamdycoke.cli.cluster.LocalFlinkCluster;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cluster start|stop|status|taskmanager}: a Flink standalone session cluster on this
 * machine.
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description =
        "A Flink session cluster on this machine: JobManager and TaskManager as separate JVMs, from the build's dist/target/flink-dist.",
    subcommands = {
      ClusterCommand.Start.class,
      ClusterCommand.Stop.class,
      ClusterCommand.Status.class,
      ClusterCommand.TaskManager.class
    })
public final class ClusterCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  /** Starts the JobManager and TaskManager processes, which keep running after the command. */
  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description =
          "Start a JobManager and a TaskManager, all ports on 127.0.0.1 unless --bind-address; they run until `cluster stop`.")
  static final class Start implements Callable<Integer> {
    @Mixin JobManagerOptions where;

    @Option(
        names = "--rest-port",
        defaultValue = "8081",
        description = "REST API and web UI port; 0 for a free one (default: ${DEFAULT-VALUE}).")
    int restPort;

    @Option(
        names = "--slots",
        defaultValue = "2",
        description = "Task slots of the TaskManager (default: ${DEFAULT-VALUE}).")
    int slots;

    @Option(
        names = "--taskmanager-memory",
        defaultValue = "4g",
        description =
            "TaskManager process size, model memory included (default: ${DEFAULT-VALUE}).")
    String taskManagerMemory;

    @Option(
        names = "--dist",
        description = "Cluster layout (default: dist/target/flink-dist of this checkout).")
    Path dist;

    // The REST API takes jars (`submit` uploads one), so whoever reaches it can run code here.
    @Option(
        names = "--bind-address",
        defaultValue = LocalClusterConfig.LOOPBACK,
        description =
            "Address every port of the cluster listens on; anything but loopback lets other machines upload and run jars through the REST API, which has no authentication (default: ${DEFAULT-VALUE}).")
    String bindAddress;

    @Override
    public Integer call() throws Exception {
      if (DemoRuntime.reachableFromOtherMachines(bindAddress)) {
        System.out.println(
            "WARNING: --bind-address "
                + bindAddress
                + ": other machines can upload and run jars"
                + " through the REST API (no authentication)");
      }
      LocalFlinkCluster cluster =
          LocalFlinkCluster.start(
              FlinkDistribution.locate(dist),
              new LocalClusterConfig(
                      where.home().toAbsolutePath(), restPort, 0, slots, taskManagerMemory)
                  .withBindAddress(bindAddress),
              false);
      System.out.println("flink: session cluster up, " + String.join(", ", cluster.processes()));
      System.out.println("web UI and REST API: " + cluster.rest().address());
      System.out.println("logs: " + cluster.logDir());
      return 0;
    }
  }

  /** Stops the processes {@code cluster start} began. */
  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description = "Stop the local cluster's TaskManager and JobManager.")
  static final class Stop implements Callable<Integer> {
    @Mixin JobManagerOptions where;

    @Override
    public Integer call() {
      Optional<LocalFlinkCluster> cluster = LocalFlinkCluster.attach(where.home());
      boolean stopped = cluster.map(LocalFlinkCluster::stop).orElse(false);
      System.out.println(
          stopped ? "flink: cluster stopped" : "flink: no cluster running from " + where.home());
      return 0;
    }
  }

  /** Processes, slots and jobs of the local cluster (or of the one named by --jobmanager). */
  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Show processes, slots and jobs; exit code 1 when no cluster answers.")
  static final class Status implements Callable<Integer> {
    @Mixin JobManagerOptions where;

    @Override
    public Integer call() {
      LocalFlinkCluster.attach(where.home())
          .ifPresent(
              c -> {
                System.out.println(
                    "processes: "
                        + (c.processes().isEmpty()
                            ? "none running"
                            : String.join(", ", c.processes())));
                System.out.println("logs: " + c.logDir());
              });
      FlinkRestClient rest = where.rest();
      JsonNode overview;
      try {
        overview = rest.overview();
      } catch (FlinkRestClient.FlinkRestException e) {
        System.out.println("flink: no cluster answers at " + rest.address());
        return 1;
      }
      System.out.printf(
          "flink: %s, Flink %s, %d TaskManager(s), %d of %d slots free%n",
          rest.address(),
          overview.path("flink-version").asText(),
          overview.path("taskmanagers").asInt(),
          overview.path("slots-available").asInt(),
          overview.path("slots-total").asInt());
      for (FlinkRestClient.JobStatus job : rest.jobs()) {
        System.out.printf("job %s %-10s %s%n", job.id(), job.state(), job.name());
      }
      return 0;
    }
  }

  /** {@code cluster taskmanager start|stop}: more or fewer TaskManagers for the running cluster. */
  @Command(
      name = "taskmanager",
      mixinStandardHelpOptions = true,
      description =
          "Add or remove a TaskManager of the running local cluster (e.g. to replace one that crashed).",
      subcommands = {TaskManager.Start.class, TaskManager.Stop.class})
  static final class TaskManager implements Runnable {
    @Override
    public void run() {
      new picocli.CommandLine(this).usage(System.out);
    }

    /** Starts one more TaskManager, from the cluster's configuration; it outlives the command. */
    @Command(
        name = "start",
        mixinStandardHelpOptions = true,
        description =
            "Start one more TaskManager (slots and memory as at `cluster start`); waits until its slots are registered.")
    static final class Start implements Callable<Integer> {
      @Mixin JobManagerOptions where;

      @Option(
          names = "--dist",
          description = "Cluster layout (default: dist/target/flink-dist of this checkout).")
      Path dist;

      @Override
      public Integer call() {
        Optional<LocalFlinkCluster> cluster = LocalFlinkCluster.attach(where.home());
        if (cluster.isEmpty()) {
          System.out.println(
              "flink: no cluster started from " + where.home() + "; run `cluster start` first");
          return 1;
        }
        String started = cluster.get().startTaskManager(FlinkDistribution.locate(dist));
        System.out.println("flink: " + started + " up, logs in " + cluster.get().logDir());
        return 0;
      }
    }

    /** Stops the TaskManager started last. */
    @Command(
        name = "stop",
        mixinStandardHelpOptions = true,
        description = "Stop the TaskManager with the highest number (SIGTERM; SIGKILL after 20 s).")
    static final class Stop implements Callable<Integer> {
      @Mixin JobManagerOptions where;

      @Override
      public Integer call() {
        Optional<String> stopped =
            LocalFlinkCluster.attach(where.home()).flatMap(LocalFlinkCluster::stopTaskManager);
        System.out.println(
            stopped
                .map(s -> "flink: " + s + " stopped")
                .orElse("flink: no TaskManager running from " + where.home()));
        return stopped.isPresent() ? 0 : 1;
      }
    }
  }
}
