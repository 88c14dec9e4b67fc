package dev.streamdycoke.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A Flink standalone session cluster on this machine: one JobManager
 * (StandaloneSessionClusterEntrypoint) and one TaskManager (TaskManagerRunner), each its own JVM,
 * running from the jars of {@link FlinkDistribution} (no Flink tarball). The processes outlive the
 * command that started them; their pid files, configuration and logs stay in the cluster's home
 * folder, where {@link #attach(Path)} finds them again.
 *
 * <pre>{@code
 * try (LocalFlinkCluster cluster = LocalFlinkCluster.start(FlinkDistribution.locate(null),
 *     new LocalClusterConfig(home, 0, 0, 2, "3g"), true)) {
 *   String jarId = cluster.rest().uploadJar(dist.jobJar());
 * }
 * }</pre>
 */
public final class LocalFlinkCluster implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);
  private static final String ADDRESS_FILE = "rest.address";

  private final Path home;
  private final FlinkRestClient rest;
  private final ClusterProcess jobManager;
  private final ClusterProcess taskManager;
  private Thread shutdownHook;
  // Set on a cluster this object started (not on an attached one): what a new TaskManager needs.
  private FlinkProcesses processes;
  private LocalClusterConfig config;
  private boolean detach;

  private LocalFlinkCluster(Path home, String restAddress) {
    this.home = home;
    this.rest = new FlinkRestClient(restAddress);
    this.jobManager = new ClusterProcess("jobmanager", home);
    this.taskManager = new ClusterProcess("taskmanager", home);
  }

  /**
   * Writes the configuration, starts the JobManager and the TaskManager, and waits until the
   * TaskManager has registered its slots.
   *
   * @param stopWithThisJvm stop the cluster when this JVM exits (tests); false for a cluster that
   *     outlives the command starting it
   * @throws IllegalStateException when a process does not come up; both are stopped then, the
   *     message names the log folder
   */
  public static LocalFlinkCluster start(FlinkDistribution dist, LocalClusterConfig settings, boolean stopWithThisJvm) {
    dist.check();
    LocalClusterConfig config = settings.withFreePorts();
    LocalFlinkCluster existing = attach(config.home()).orElse(null);
    if (existing != null && existing.isRunning()) {
      throw new IllegalStateException("a cluster already runs from " + config.home() + " (REST " + existing.rest.address()
          + "); stop it first");
    }
    config.write();
    LocalFlinkCluster cluster = new LocalFlinkCluster(config.home(), "http://127.0.0.1:" + config.restPort());
    if (stopWithThisJvm) {
      cluster.shutdownHook = new Thread(cluster::stop, "stop-local-flink-cluster");
      Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
    }
    FlinkProcesses processes = new FlinkProcesses(dist, config);
    cluster.processes = processes;
    cluster.config = config;
    cluster.detach = !stopWithThisJvm;
    try {
      Files.writeString(config.home().resolve(ADDRESS_FILE), cluster.rest.address().toString());
      ProcessHandle jm = cluster.jobManager.start(processes.jobManager(), processes.outFile("jobmanager"), !stopWithThisJvm);
      cluster.await("the JobManager's REST API", jm, cluster.rest::reachable);
      cluster.startTaskManager();
      return cluster;
    } catch (IOException e) {
      cluster.stop();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      cluster.stop();
      throw new IllegalStateException(e.getMessage() + "; logs in " + config.logDir(), e);
    }
  }

  /** The cluster whose home folder this is, if one was started there (running or not). */
  public static Optional<LocalFlinkCluster> attach(Path home) {
    Path address = home.resolve(ADDRESS_FILE);
    if (!Files.exists(address)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new LocalFlinkCluster(home, Files.readString(address).trim()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public FlinkRestClient rest() {
    return rest;
  }

  public Path home() {
    return home;
  }

  public Path logDir() {
    return home.resolve("log");
  }

  /** Pids of the JobManager and TaskManager processes that are alive. */
  public List<String> processes() {
    return List.of(jobManager, taskManager).stream()
        .flatMap(p -> p.running().map(h -> p.name() + " pid " + h.pid()).stream())
        .toList();
  }

  /** The TaskManager's process, while it runs. */
  public Optional<ProcessHandle> taskManagerProcess() {
    return taskManager.running();
  }

  /**
   * Kills the TaskManager as a crash would (SIGKILL): its tasks fail, and the JobManager restarts
   * the jobs from their last checkpoints once a TaskManager offers slots again.
   *
   * @return whether a TaskManager was running
   */
  public boolean killTaskManager() {
    return taskManager.kill();
  }

  /**
   * Starts a TaskManager process (the first one, or a new one after {@link #killTaskManager()})
   * and waits until it has registered its slots. Its output is appended to the log folder's
   * taskmanager files.
   *
   * @throws IllegalStateException when a TaskManager already runs, when this cluster was
   *     attached rather than started here, or when the new one does not come up
   */
  public void startTaskManager() {
    if (processes == null) {
      throw new IllegalStateException("this cluster was attached, not started here: no TaskManager command line");
    }
    if (taskManager.running().isPresent()) {
      throw new IllegalStateException("a TaskManager already runs: " + processes());
    }
    // A killed TaskManager stays registered until its heartbeat times out: wait for a new id.
    List<String> before = rest.taskManagerIds();
    ProcessHandle tm = taskManager.start(processes.taskManager(), processes.outFile("taskmanager"), detach);
    await("the TaskManager's " + config.slots() + " slots", tm, () -> rest.taskManagerIds().stream()
        .filter(id -> !before.contains(id))
        .anyMatch(id -> rest.slots(id) >= config.slots()));
  }

  public boolean isRunning() {
    return jobManager.running().isPresent() || taskManager.running().isPresent();
  }

  /** GET /overview, or empty when the REST API does not answer. */
  public Optional<JsonNode> overview() {
    try {
      return Optional.of(rest.overview());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Stops the TaskManager, then the JobManager; returns whether anything was running. */
  public boolean stop() {
    boolean tm = taskManager.stop(STOP_GRACE);
    boolean jm = jobManager.stop(STOP_GRACE);
    return tm || jm;
  }

  @Override
  public void close() {
    stop();
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // The hook runs anyway.
      }
    }
  }

  private void await(String what, ProcessHandle process, java.util.function.BooleanSupplier ready) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("process " + process.pid() + " exited before " + what + " came up");
      }
      try {
        if (ready.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException notYet) {
        // Not up yet.
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
    throw new IllegalStateException(what + " did not come up within " + START_TIMEOUT);
  }
}
