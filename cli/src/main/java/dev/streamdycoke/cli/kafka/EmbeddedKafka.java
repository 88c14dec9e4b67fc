package dev.streamdycoke.cli.kafka;

import dev.streamdycoke.job.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka 4.2 broker inside this JVM: one KRaft node in combined mode (broker and controller),
 * with replication factors of 1 everywhere so that consumer groups and transactions (Flink's {@code
 * EXACTLY_ONCE} KafkaSink) work on a single node.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
 *   kafka.createTopics(4, "frames", "queries", "answers");
 *   String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 *
 * <p>Ports are free ones unless fixed; the log dir is a temporary one, deleted on {@link #close()},
 * unless given. A node restarted on a given log dir keeps its topics and records. Several instances
 * may run in one JVM; they share Kafka's JVM-wide Yammer metrics registry, so JMX gauges of one may
 * hide the other's (nothing else is shared).
 *
 * <p>With {@link Builder#saslPlain}, the broker listener requires SASL/PLAIN authentication
 * (without TLS: {@code SASL_PLAINTEXT}) for one user, and {@link #clientProperties()} holds what a
 * client needs to connect.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

  /**
   * The default bind address: loopback only, so that no other machine can reach the broker. Clients
   * connect by address, so that {@code localhost} resolving to ::1 cannot matter.
   */
  public static final String LOOPBACK = "127.0.0.1";

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

  private enum State {
    NEW,
    STARTED,
    CLOSED
  }

  private final Builder settings;
  private final NonHaltingFaultHandlers faults = new NonHaltingFaultHandlers();
  private State state = State.NEW;
  private Path logDir;
  private boolean deleteLogDir;
  private PreboundSockets sockets;
  private CombinedServer server;
  private String bootstrapServers;

  private EmbeddedKafka(Builder settings) {
    this.settings = settings;
  }

  /** A builder for a broker on free ports and a temporary log dir. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Formats the log dir when it is new, starts the node and waits until a client can reach it.
   *
   * @return this broker, started
   * @throws IllegalStateException when the broker did not start within the start timeout, or a
   *     fixed port is taken; nothing of the attempt is left running
   */
  public synchronized EmbeddedKafka start() {
    if (state != State.NEW) {
      throw new IllegalStateException(
          "An EmbeddedKafka starts once; build another one (was " + state + ")");
    }
    long deadline = System.nanoTime() + settings.startTimeout.toNanos();
    try {
      deleteLogDir = settings.logDir == null;
      logDir =
          deleteLogDir
              ? Files.createTempDirectory("embedded-kafka-")
              : Files.createDirectories(settings.logDir);
      String host = settings.bindAddress;
      String advertised = advertisedHost(host);
      sockets = new PreboundSockets(host);
      int brokerPort =
          settings.preferPort
              ? sockets.bindPreferring(BrokerProperties.BROKER_LISTENER, settings.port)
              : sockets.bind(BrokerProperties.BROKER_LISTENER, settings.port);
      int controllerPort =
          sockets.bind(BrokerProperties.CONTROLLER_LISTENER, settings.controllerPort);
      bootstrapServers = advertised + ":" + brokerPort;

      Map<String, String> overrides = new LinkedHashMap<>();
      if (settings.saslUser != null) {
        overrides.putAll(BrokerProperties.saslPlain(settings.saslUser, settings.saslPassword));
      }
      overrides.putAll(settings.overrides);
      KafkaConfig config =
          new KafkaConfig(
              BrokerProperties.of(
                  host,
                  advertised,
                  brokerPort,
                  controllerPort,
                  logDir,
                  settings.startTimeout,
                  overrides),
              false);
      StorageFormat.formatIfNeeded(config, logDir);
      server = new CombinedServer(config, sockets, faults);
      server.startup();
      awaitClientAccess(deadline);
      state = State.STARTED;
      return this;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      IllegalStateException failure =
          new IllegalStateException(
              "Embedded Kafka did not start"
                  + (bootstrapServers == null ? "" : " on " + bootstrapServers)
                  + " (log dir "
                  + logDir
                  + ", start timeout "
                  + settings.startTimeout.toSeconds()
                  + " s): "
                  + e.getMessage(),
              e);
      Throwable fatal = faults.firstFatal();
      if (fatal != null && fatal != e) {
        failure.addSuppressed(fatal);
      }
      throw failure;
    } finally {
      if (state != State.STARTED) {
        // Whatever failed (errors included), leave no threads, sockets or temporary files behind.
        try {
          close();
        } catch (RuntimeException cleanup) {
          LOG.warn("Cleaning up after a failed start of {} failed", this, cleanup);
        }
      }
    }
  }

  /** {@code host:port} of the broker listener, for {@code bootstrap.servers}. */
  public synchronized String bootstrapServers() {
    requireStarted();
    return bootstrapServers;
  }

  /**
   * What a client needs besides {@code bootstrap.servers}: nothing for a plain broker; the security
   * protocol, mechanism and JAAS login for one with {@link Builder#saslPlain}.
   */
  public Properties clientProperties() {
    Properties props = new Properties();
    if (settings.saslUser != null) {
      props.putAll(BrokerProperties.saslPlainClient(settings.saslUser, settings.saslPassword));
    }
    return props;
  }

  /** The log dir: the given one, or the temporary one that {@link #close()} deletes. */
  public synchronized Path logDir() {
    requireStarted();
    return logDir;
  }

  /**
   * Creates the job's four topics: frames with {@code framePartitions} partitions, since cameras
   * spread over them; queries, answers and dead letters with one each, as the job needs no more.
   */
  public void createJobTopics(Topics topics, int framePartitions) {
    createTopics(framePartitions, topics.frames());
    createTopics(1, topics.queries(), topics.answers(), topics.deadLetters());
  }

  /**
   * Creates topics with replication factor 1 and waits until the broker leads every partition, so
   * that a client's first request does not race the broker's metadata. Topics that exist already
   * are left as they are, whatever their partition count.
   */
  public void createTopics(int partitions, String... names) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    }
    List<String> topics = List.of(names);
    String bootstrap = bootstrapServers();
    try (Admin admin = admin(bootstrap, TOPIC_TIMEOUT, clientProperties())) {
      CreateTopicsResult created =
          admin.createTopics(
              topics.stream().map(name -> new NewTopic(name, partitions, (short) 1)).toList());
      for (String name : topics) {
        try {
          created.values().get(name).get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new KafkaException(
                "Could not create topic " + name + " on " + bootstrap, e.getCause());
          }
        }
      }
      awaitLed(admin, topics);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("Interrupted while creating topics " + topics, e);
    } catch (TimeoutException e) {
      throw new KafkaException("Topics " + topics + " not ready within " + TOPIC_TIMEOUT, e);
    }
  }

  /**
   * Stops the node (fast: the single broker has no one to hand partitions to), releases its ports
   * and deletes the log dir if it was a temporary one. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    try {
      if (server != null) {
        server.shutdown(CLOSE_TIMEOUT);
      }
    } finally {
      if (sockets != null) {
        sockets.close();
      }
      if (deleteLogDir && logDir != null) {
        try {
          Utils.delete(logDir.toFile());
        } catch (IOException e) {
          throw new UncheckedIOException("Could not delete the broker's log dir " + logDir, e);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "EmbeddedKafka["
        + state
        + (bootstrapServers == null ? "" : ", " + bootstrapServers)
        + (logDir == null ? "" : ", " + logDir)
        + "]";
  }

  private synchronized void requireStarted() {
    if (state != State.STARTED) {
      throw new IllegalStateException("Embedded Kafka is " + state + ", not started");
    }
  }

  /** A wildcard address cannot be connected to by name: clients are told this machine's name. */
  private static String advertisedHost(String bindAddress) throws UnknownHostException {
    InetAddress address = InetAddress.getByName(bindAddress);
    return address.isAnyLocalAddress()
        ? InetAddress.getLocalHost().getCanonicalHostName()
        : bindAddress;
  }

  private static Admin admin(String bootstrap, Duration apiTimeout, Properties client) {
    int timeoutMs = (int) Math.max(1, apiTimeout.toMillis());
    Properties props = new Properties();
    props.putAll(client);
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
    return Admin.create(props);
  }

  /** Broker startup returns once the broker is unfenced; this checks that a client gets through. */
  private void awaitClientAccess(long deadline) throws Exception {
    Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000));
    try (Admin admin = admin(bootstrapServers, left, clientProperties())) {
      if (admin.describeCluster().nodes().get(left.toMillis(), TimeUnit.MILLISECONDS).isEmpty()) {
        throw new IllegalStateException("the broker answers but reports no nodes");
      }
    }
  }

  /**
   * Waits until the broker leads every partition of {@code topics}. Its metadata names the new
   * leader a moment before its replica manager leads the partition, and a produce request in
   * between fails with NOT_LEADER_OR_FOLLOWER; listing offsets needs the leading replica, and the
   * admin client retries it until there is one.
   */
  private static void awaitLed(Admin admin, List<String> topics)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TOPIC_TIMEOUT.toNanos();
    Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
    while (partitions.isEmpty() && !topics.isEmpty()) {
      try {
        admin
            .describeTopics(topics)
            .allTopicNames()
            .get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .forEach(
                (topic, description) ->
                    description
                        .partitions()
                        .forEach(
                            p ->
                                partitions.put(
                                    new TopicPartition(topic, p.partition()),
                                    OffsetSpec.latest())));
      } catch (ExecutionException e) {
        // Just created, not yet in the broker's metadata: ask again.
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw new KafkaException("Could not describe topics " + topics, e.getCause());
        }
        Thread.sleep(20);
      }
    }
    try {
      admin.listOffsets(partitions).all().get(TOPIC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new KafkaException(
          "The broker does not lead all partitions of " + topics, e.getCause());
    }
  }

  /** Settings of an {@link EmbeddedKafka}; the defaults suit tests. */
  public static final class Builder {
    private String bindAddress = LOOPBACK;
    private int port;
    private boolean preferPort;
    private int controllerPort;
    private Path logDir;
    private Duration startTimeout = Duration.ofSeconds(60);
    private String saslUser;
    private String saslPassword;
    private final Map<String, String> overrides = new LinkedHashMap<>();

    private Builder() {}

    /** The broker listener's port; the start fails if it is taken. 0 (the default): a free one. */
    public Builder port(int port) {
      this.port = checkPort(port);
      this.preferPort = false;
      return this;
    }

    /** The broker listener's port if it is free at start, else a free one (the demo's 9092). */
    public Builder preferredPort(int port) {
      this.port = checkPort(port);
      this.preferPort = true;
      return this;
    }

    /**
     * The address the broker and controller listeners bind to (default {@value
     * EmbeddedKafka#LOOPBACK}: this machine only). Another address, or {@code 0.0.0.0}, lets other
     * machines reach a broker that has no authentication unless {@link #saslPlain} is set.
     */
    public Builder bindAddress(String address) {
      this.bindAddress = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * The controller listener's port; the start fails if it is taken. 0 (the default): a free one.
     */
    public Builder controllerPort(int port) {
      this.controllerPort = checkPort(port);
      return this;
    }

    /**
     * A log dir that outlives the broker: formatted on first use, reused (topics, records,
     * committed offsets) by the next broker started on it. Default: a temporary dir, deleted on
     * close.
     */
    public Builder logDir(Path dir) {
      this.logDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** How long {@link EmbeddedKafka#start()} may take before it gives up (default 60 s). */
    public Builder startTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("start timeout must be positive, got " + timeout);
      }
      this.startTimeout = timeout;
      return this;
    }

    /** A broker setting, applied over this class's ones (for example {@code log.retention.ms}). */
    public Builder brokerProperty(String key, String value) {
      overrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Requires SASL/PLAIN on the broker listener with this one user (also the broker's own identity
     * towards itself); {@link EmbeddedKafka#clientProperties()} then logs in as it. The controller
     * listener stays plain: only this process reaches it.
     */
    public Builder saslPlain(String user, String password) {
      if (user.isEmpty() || user.contains("\"") || password.contains("\"")) {
        throw new IllegalArgumentException(
            "user must be non-empty and neither may contain a quote");
      }
      this.saslUser = user;
      this.saslPassword = Objects.requireNonNull(password, "password");
      return this;
    }

    /** An unstarted broker; see {@link EmbeddedKafka#start()}. */
    public EmbeddedKafka build() {
      Builder copy = new Builder();
      copy.bindAddress = bindAddress;
      copy.port = port;
      copy.preferPort = preferPort;
      copy.controllerPort = controllerPort;
      copy.logDir = logDir;
      copy.startTimeout = startTimeout;
      copy.saslUser = saslUser;
      copy.saslPassword = saslPassword;
      copy.overrides.putAll(overrides);
      return new EmbeddedKafka(copy);
    }

    private static int checkPort(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("not a port: " + port);
      }
      return port;
    }
  }
}
