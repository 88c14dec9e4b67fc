package dev.streamdycoke.cli.kafka;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import kafka.server.BrokerServer;
import kafka.server.ControllerServer;
import kafka.server.FaultHandlerFactory;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.server.Server;
import kafka.server.SharedServer;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.raft.QuorumConfig;
import org.apache.kafka.server.ServerSocketFactory;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * A KRaft node in combined mode, assembled as {@link KafkaRaftServer} assembles it.
 *
 * <p>{@code KafkaRaftServer} itself cannot be used in-process: it hard-wires the fault handlers
 * that halt the JVM and the socket factory that binds its own ports. Everything else (log dir
 * checks, bootstrap metadata, start and stop order) follows it.
 */
final class CombinedServer {

  private final SharedServer shared;
  private final ControllerServer controller;
  private final BrokerServer broker;

  CombinedServer(KafkaConfig config, ServerSocketFactory sockets, FaultHandlerFactory faults) {
    Tuple2<MetaPropertiesEnsemble, BootstrapMetadata> dirs =
        KafkaRaftServer.initializeLogDirs(
            config, LoggerFactory.getLogger(EmbeddedKafka.class), "[EmbeddedKafka] ");
    MetaPropertiesEnsemble ensemble = dirs._1();
    Metrics metrics = Server.initializeMetrics(config, Time.SYSTEM, ensemble.clusterId().get());
    shared =
        new SharedServer(
            config,
            ensemble,
            Time.SYSTEM,
            metrics,
            CompletableFuture.completedFuture(
                QuorumConfig.parseVoterConnections(config.quorumConfig().voters())),
            QuorumConfig.parseBootstrapServers(config.quorumConfig().bootstrapServers()),
            faults,
            sockets);
    controller = new ControllerServer(shared, KafkaRaftServer.configSchema(), dirs._2());
    broker = new BrokerServer(shared);
  }

  /** Starts the controller, then the broker; returns once the broker is unfenced and listening. */
  void startup() {
    // The controller first, so that the raft manager knows the controller endpoints.
    controller.startup();
    broker.startup();
  }

  /** Stops the broker, then the controller, and waits for both (the order KafkaRaftServer uses). */
  void shutdown(Duration brokerTimeout) {
    try {
      // The broker's controlled shutdown needs the controller still running.
      broker.shutdown(brokerTimeout);
    } finally {
      controller.shutdown();
      broker.awaitShutdown();
      controller.awaitShutdown();
    }
  }
}
