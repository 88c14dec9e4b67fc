package dev.streamdycoke.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.TaskManagerOptions;

/**
 * A Flink standalone session cluster on this machine: one JobManager
 * (StandaloneSessionClusterEntrypoint) and TaskManagers (TaskManagerRunner; one at start, more or
 * fewer with {@link #startTaskManager(FlinkDistribution)} and {@link #stopTaskManager()}), each its
 * own JVM, running from the jars of {@link FlinkDistribution} (no Flink tarball). The processes
 * outlive the command that started them; their pid files, configuration and logs stay in the
 * cluster's home folder, where {@link #attach(Path)} finds them again.
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
  private static final String TASK_MANAGER = "taskmanager";
  private static final Pattern TASK_MANAGER_PID =
      Pattern.compile(TASK_MANAGER + "(?:-(\\d+))?\\.pid");

  private final Path home;
  private final FlinkRestClient rest;
  private final ClusterProcess jobManager;
  private Thread shutdownHook;
  // Set on a cluster this object started: what a new TaskManager needs without being told.
  private FlinkProcesses processes;
  private boolean detach = true;

  private LocalFlinkCluster(Path home, String restAddress) {
    this.home = home;
    this.rest = new FlinkRestClient(restAddress);
    this.jobManager = new ClusterProcess("jobmanager", home);
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
  public static LocalFlinkCluster start(
      FlinkDistribution dist, LocalClusterConfig settings, boolean stopWithThisJvm) {
    dist.check();
    LocalClusterConfig config = settings.withFreePorts();
    LocalFlinkCluster existing = attach(config.home()).orElse(null);
    if (existing != null && existing.isRunning()) {
      throw new IllegalStateException(
          "a cluster already runs from "
              + config.home()
              + " (REST "
              + existing.rest.address()
              + "); stop it first, or add a TaskManager with `cluster taskmanager start`");
    }
    config.write();
    LocalFlinkCluster cluster =
        new LocalFlinkCluster(
            config.home(), "http://" + config.connectAddress() + ":" + config.restPort());
    if (stopWithThisJvm) {
      cluster.shutdownHook = new Thread(cluster::stop, "stop-local-flink-cluster");
      Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
    }
    FlinkProcesses processes = new FlinkProcesses(dist, config);
    cluster.processes = processes;
    cluster.detach = !stopWithThisJvm;
    try {
      Files.writeString(config.home().resolve(ADDRESS_FILE), cluster.rest.address().toString());
      ProcessHandle jm =
          cluster.jobManager.start(
              processes.jobManager(), processes.outFile("jobmanager"), !stopWithThisJvm);
      cluster.await("the JobManager's REST API", jm, cluster.rest::reachable);
      cluster.startTaskManager(processes);
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
    return Stream.concat(Stream.of(jobManager), taskManagers().stream())
        .flatMap(p -> p.running().map(h -> p.name() + " pid " + h.pid()).stream())
        .toList();
  }

  /** The first TaskManager process that runs, if any. */
  public Optional<ProcessHandle> taskManagerProcess() {
    return taskManagers().stream().flatMap(p -> p.running().stream()).findFirst();
  }

  /**
   * Kills the first running TaskManager as a crash would (SIGKILL): its tasks fail, and the
   * JobManager restarts the jobs from their last checkpoints once a TaskManager offers slots again.
   *
   * @return whether a TaskManager was running
   */
  public boolean killTaskManager() {
    return taskManagers().stream()
        .filter(p -> p.running().isPresent())
        .findFirst()
        .map(ClusterProcess::kill)
        .orElse(false);
  }

  /**
   * Starts a TaskManager of the cluster this object started; see {@link
   * #startTaskManager(FlinkDistribution)}.
   */
  public String startTaskManager() {
    if (processes == null) {
      throw new IllegalStateException(
          "this cluster was attached, not started here: give the distribution");
    }
    return startTaskManager(processes);
  }

  /**
   * Starts one more TaskManager process from the cluster's configuration (a first one, another one,
   * or a replacement for one that died) and waits until it has registered its slots. It gets the
   * lowest free number: {@code taskmanager} (pid file taskmanager.pid, log taskmanager.log in the
   * log folder), then {@code taskmanager-2} and so on.
   *
   * @return its name and pid, e.g. {@code taskmanager-2 pid 1234}
   * @throws IllegalStateException when the JobManager does not answer, or the TaskManager does not
   *     come up
   */
  public String startTaskManager(FlinkDistribution dist) {
    dist.check();
    return startTaskManager(new FlinkProcesses(dist, home));
  }

  private String startTaskManager(FlinkProcesses flink) {
    if (!rest.reachable()) {
      throw new IllegalStateException(
          "no JobManager answers at " + rest.address() + "; start the cluster first");
    }
    ClusterProcess taskManager = new ClusterProcess(taskManagerName(freeTaskManagerNumber()), home);
    int slots = flink.configuration().get(TaskManagerOptions.NUM_TASK_SLOTS);
    // A killed TaskManager stays registered until its heartbeats fail: wait for a new id.
    List<String> before = rest.taskManagerIds();
    ProcessHandle tm =
        taskManager.start(
            flink.taskManager(taskManager.name()), flink.outFile(taskManager.name()), detach);
    await(
        "the " + taskManager.name() + "'s " + slots + " slots",
        tm,
        () ->
            rest.taskManagerIds().stream()
                .filter(id -> !before.contains(id))
                .anyMatch(id -> rest.slots(id) >= slots));
    return taskManager.name() + " pid " + tm.pid();
  }

  /**
   * Stops the running TaskManager with the highest number (SIGTERM, then SIGKILL after a grace
   * time); its slots leave the cluster and jobs running in them restart elsewhere, if there are
   * slots elsewhere.
   *
   * @return its name and pid, or empty when no TaskManager runs
   */
  public Optional<String> stopTaskManager() {
    List<ClusterProcess> running =
        taskManagers().stream().filter(p -> p.running().isPresent()).toList();
    if (running.isEmpty()) {
      return Optional.empty();
    }
    ClusterProcess last = running.get(running.size() - 1);
    String description = last.name() + " pid " + last.running().map(ProcessHandle::pid).orElse(-1L);
    last.stop(STOP_GRACE);
    return Optional.of(description);
  }

  /** Every TaskManager that has a pid file, by number. */
  private List<ClusterProcess> taskManagers() {
    List<Integer> numbers = new ArrayList<>();
    try (Stream<Path> files = Files.list(home)) {
      files.forEach(
          f -> {
            Matcher m = TASK_MANAGER_PID.matcher(f.getFileName().toString());
            if (m.matches()) {
              numbers.add(m.group(1) == null ? 1 : Integer.parseInt(m.group(1)));
            }
          });
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return numbers.stream()
        .sorted()
        .map(n -> new ClusterProcess(taskManagerName(n), home))
        .toList();
  }

  private int freeTaskManagerNumber() {
    Set<String> running =
        taskManagers().stream()
            .filter(p -> p.running().isPresent())
            .map(ClusterProcess::name)
            .collect(Collectors.toSet());
    int n = 1;
    while (running.contains(taskManagerName(n))) {
      n++;
    }
    return n;
  }

  private static String taskManagerName(int number) {
    return number == 1 ? TASK_MANAGER : TASK_MANAGER + "-" + number;
  }

  public boolean isRunning() {
    return jobManager.running().isPresent() || taskManagerProcess().isPresent();
  }

  /** GET /overview, or empty when the REST API does not answer. */
  public Optional<JsonNode> overview() {
    try {
      return Optional.of(rest.overview());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Stops the TaskManagers, then the JobManager; returns whether anything was running. */
  public boolean stop() {
    boolean tm = false;
    for (ClusterProcess taskManager : taskManagers()) {
      tm |= taskManager.stop(STOP_GRACE);
    }
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
        throw new IllegalStateException(
            "process " + process.pid() + " exited before " + what + " came up");
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
