package dev.streamdycoke.cli.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The settings of a local session cluster and the Flink configuration directory written from them
 * ({@code conf/config.yaml}, {@code conf/log4j.properties}). Every port binds to one address,
 * 127.0.0.1 unless told otherwise: this cluster is for one machine, and its REST API takes jars
 * (which {@code submit} uploads), so whoever reaches it can run code.
 *
 * @param home folder of the cluster: conf/, log/, pids, uploaded jars, savepoints
 * @param restPort REST API and web UI; 0 picks a free port
 * @param rpcPort JobManager RPC; 0 picks a free port (Flink's 6123 would collide with other
 *     clusters)
 * @param slots task slots of the one TaskManager
 * @param taskManagerMemory {@code taskmanager.memory.process.size}, e.g. {@code 3g}; the model's
 *     native memory counts against it (task off-heap)
 * @param overrides further Flink settings, written after (and winning over) the defaults, e.g. a
 *     restart strategy
 * @param bindAddress the address every port of the JobManager and TaskManagers listens on
 */
public record LocalClusterConfig(
    Path home,
    int restPort,
    int rpcPort,
    int slots,
    String taskManagerMemory,
    Map<String, String> overrides,
    String bindAddress) {
  public static final String JOB_MANAGER_MEMORY = "1024m";
  public static final String LOOPBACK = "127.0.0.1";

  public LocalClusterConfig {
    overrides = Map.copyOf(overrides);
    Objects.requireNonNull(bindAddress, "bindAddress");
  }

  /** The defaults, without overrides, on loopback. */
  public LocalClusterConfig(
      Path home, int restPort, int rpcPort, int slots, String taskManagerMemory) {
    this(home, restPort, rpcPort, slots, taskManagerMemory, Map.of(), LOOPBACK);
  }

  /** The same settings with every port on this address. */
  public LocalClusterConfig withBindAddress(String address) {
    return new LocalClusterConfig(
        home, restPort, rpcPort, slots, taskManagerMemory, overrides, address);
  }

  /**
   * The address processes and clients connect to: the bind address, or this host for a wildcard.
   */
  public String connectAddress() {
    try {
      InetAddress address = InetAddress.getByName(bindAddress);
      return address.isAnyLocalAddress()
          ? InetAddress.getLocalHost().getCanonicalHostName()
          : bindAddress;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address of this machine: " + bindAddress, e);
    }
  }

  /** The same settings with these Flink settings added (and winning over earlier ones). */
  public LocalClusterConfig withSettings(Map<String, String> settings) {
    Map<String, String> all = new LinkedHashMap<>(overrides);
    all.putAll(settings);
    return new LocalClusterConfig(
        home, restPort, rpcPort, slots, taskManagerMemory, all, bindAddress);
  }

  public Path confDir() {
    return home.resolve("conf");
  }

  public Path logDir() {
    return home.resolve("log");
  }

  public Path savepointDir() {
    return home.resolve("savepoints");
  }

  /** The same settings with free ports in place of 0. */
  public LocalClusterConfig withFreePorts() {
    return new LocalClusterConfig(
        home,
        restPort == 0 ? freePort() : restPort,
        rpcPort == 0 ? freePort() : rpcPort,
        slots,
        taskManagerMemory,
        overrides,
        bindAddress);
  }

  /** The Flink settings, as flat config.yaml keys. */
  public Map<String, String> flinkSettings() {
    String host = connectAddress();
    Map<String, String> s = new LinkedHashMap<>();
    s.put("jobmanager.rpc.address", host);
    // The JobManager's RPC and blob server.
    s.put("jobmanager.bind-host", bindAddress);
    s.put("jobmanager.rpc.port", Integer.toString(rpcPort));
    s.put("jobmanager.memory.process.size", JOB_MANAGER_MEMORY);
    s.put("taskmanager.host", host);
    // The TaskManagers' RPC and data port.
    s.put("taskmanager.bind-host", bindAddress);
    s.put("taskmanager.numberOfTaskSlots", Integer.toString(slots));
    s.put("taskmanager.memory.process.size", taskManagerMemory);
    // libtorch allocates outside the JVM: reserve it as task off-heap memory, as the images do.
    s.put("taskmanager.memory.task.off-heap.size", "512m");
    s.put("rest.address", host);
    s.put("rest.bind-address", bindAddress);
    s.put("rest.port", Integer.toString(restPort));
    s.put("parallelism.default", "1");
    s.put("web.upload.dir", home.resolve("uploads").toString());
    s.put("io.tmp.dirs", home.resolve("tmp").toString());
    s.put("execution.checkpointing.savepoint-dir", savepointDir().toUri().toString());
    // A failed job restarts a few times, then fails: a session cluster must not spin forever.
    s.put("restart-strategy.type", "exponential-delay");
    // A TaskManager that dies (a crash, kill -9) is noticed after two failed heartbeat RPCs
    // (heartbeat.rpc-failure-threshold), seconds rather than the 20 s of Flink's 10 s interval;
    // the timeout, for a TaskManager that hangs, stays long enough for a laptop's GC pauses.
    s.put("heartbeat.interval", "2000");
    s.put("heartbeat.timeout", "30000");
    // Sorted: the written file does not depend on the map's order.
    new TreeMap<>(overrides).forEach(s::put);
    return s;
  }

  /** Writes conf/config.yaml and conf/log4j.properties; creates log/, uploads/, tmp/. */
  public void write() {
    try {
      Files.createDirectories(confDir());
      Files.createDirectories(logDir());
      Files.createDirectories(home.resolve("uploads"));
      Files.createDirectories(home.resolve("tmp"));
      String yaml =
          flinkSettings().entrySet().stream()
              .map(e -> e.getKey() + ": \"" + e.getValue().replace("\"", "\\\"") + "\"")
              .collect(
                  Collectors.joining("\n", "# Written by streamdycoke cluster start.\n", "\n"));
      Files.writeString(confDir().resolve("config.yaml"), yaml);
      Files.writeString(confDir().resolve("log4j.properties"), LOG4J);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the cluster configuration under " + home, e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // Like Flink's conf/log4j.properties: one file per process (log.file, set on the command line).
  private static final String LOG4J =
      """
      rootLogger.level = INFO
      rootLogger.appenderRef.file.ref = MainAppender
      appender.main.name = MainAppender
      appender.main.type = File
      appender.main.fileName = ${sys:log.file}
      appender.main.layout.type = PatternLayout
      appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
      logger.kafka.name = org.apache.kafka
      logger.kafka.level = WARN
      logger.metricgroup.name = org.apache.flink.metrics.MetricGroup
      logger.metricgroup.level = ERROR
      """;
}
