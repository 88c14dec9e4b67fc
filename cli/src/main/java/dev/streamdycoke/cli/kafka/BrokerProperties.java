package dev.streamdycoke.cli.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/** The configuration of a one-node KRaft cluster: broker and controller in one process. */
final class BrokerProperties {

  static final int NODE_ID = 1;
  static final String BROKER_LISTENER = "PLAINTEXT";
  static final String CONTROLLER_LISTENER = "CONTROLLER";

  /** Raw camera frames travel as single records; 16 MiB leaves room for large uncompressed ones. */
  static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  private BrokerProperties() {}

  /**
   * @param host the address both listeners bind to
   * @param advertisedHost the address clients and the controller quorum connect to: {@code host},
   *     unless that is a wildcard, which no one can connect to by name
   */
  static Properties of(
      String host,
      String advertisedHost,
      int brokerPort,
      int controllerPort,
      Path logDir,
      Duration startTimeout,
      Map<String, String> overrides) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(NODE_ID));
    // A static one-voter quorum rather than a --standalone (dynamic) one: a dynamic quorum stores
    // the controller's endpoint in the metadata log, so a restart on the same log dir with a new
    // free port could not reach its own controller. Static voters are read from this config.
    p.put("controller.quorum.voters", NODE_ID + "@" + advertisedHost + ":" + controllerPort);
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put(
        "listeners",
        BROKER_LISTENER
            + "://"
            + host
            + ":"
            + brokerPort
            + ","
            + CONTROLLER_LISTENER
            + "://"
            + host
            + ":"
            + controllerPort);
    p.put("advertised.listeners", BROKER_LISTENER + "://" + advertisedHost + ":" + brokerPort);
    p.put(
        "listener.security.protocol.map",
        BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    p.put("inter.broker.listener.name", BROKER_LISTENER);
    p.put("log.dirs", logDir.toString());
    // Without a bound, a broker that cannot come up waits forever (the default is Long.MAX_VALUE).
    p.put("server.max.startup.time.ms", String.valueOf(startTimeout.toMillis()));

    // One node: every internal topic must fit on it, or groups and transactions never start.
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    // The default 50 partitions each make the first group join or transaction wait for 50 logs.
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("share.coordinator.state.topic.num.partitions", "4");

    // Consumers in tests and the demo should get their partitions now, not after 3 s.
    p.put("group.initial.rebalance.delay.ms", "0");
    // Flink's KafkaSink uses transaction timeouts up to 15 min; the default 15 min cap is too
    // tight.
    p.put("transaction.max.timeout.ms", String.valueOf(Duration.ofHours(1).toMillis()));
    p.put("message.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));
    p.put("replica.fetch.max.bytes", String.valueOf(MAX_MESSAGE_BYTES));

    // Sized for a laptop next to a Flink MiniCluster, not for a server of its own.
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "4");
    p.put("background.threads", "2");
    p.put("num.recovery.threads.per.data.dir", "1");
    // The log cleaner allocates this buffer up front (default 128 MiB per broker).
    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));

    p.putAll(overrides);
    return p;
  }

  /**
   * Broker settings for SASL/PLAIN on the broker listener: one user, who is also the broker's
   * inter-broker identity. The listener keeps its name; only its security protocol changes.
   */
  static Map<String, String> saslPlain(String user, String password) {
    String prefix =
        "listener.name." + BROKER_LISTENER.toLowerCase(java.util.Locale.ROOT) + ".plain.";
    return Map.of(
        "listener.security.protocol.map",
        BROKER_LISTENER + ":SASL_PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT",
        "sasl.enabled.mechanisms",
        "PLAIN",
        "sasl.mechanism.inter.broker.protocol",
        "PLAIN",
        prefix + "sasl.jaas.config",
        plainLoginOptions(user, password) + " user_" + user + "=\"" + password + "\";");
  }

  /** Client settings to log in to a broker configured by {@link #saslPlain}. */
  static Map<String, String> saslPlainClient(String user, String password) {
    return Map.of(
        "security.protocol", "SASL_PLAINTEXT",
        "sasl.mechanism", "PLAIN",
        "sasl.jaas.config", plainLogin(user, password));
  }

  private static String plainLogin(String user, String password) {
    return plainLoginOptions(user, password) + ";";
  }

  private static String plainLoginOptions(String user, String password) {
    return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
        + user
        + "\" password=\""
        + password
        + "\"";
  }
}
