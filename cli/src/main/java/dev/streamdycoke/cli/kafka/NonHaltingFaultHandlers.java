package dev.streamdycoke.cli.kafka;

import java.util.concurrent.atomic.AtomicReference;
import kafka.server.FaultHandlerFactory;
import org.apache.kafka.server.fault.FaultHandler;
import org.apache.kafka.server.fault.FaultHandlerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fault handlers that log instead of halting the JVM.
 *
 * <p>Kafka's standard factory answers a fatal fault (a controller that fails to start, a raft
 * error) with {@code Runtime.halt}: right for a broker process, wrong for a broker that shares its
 * JVM with a Flink MiniCluster or a test runner. The first fatal fault is kept so that {@link
 * EmbeddedKafka#start()} can report it.
 */
final class NonHaltingFaultHandlers implements FaultHandlerFactory {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final AtomicReference<Throwable> firstFatal = new AtomicReference<>();

  @Override
  public FaultHandler build(String name, boolean fatal, Runnable action) {
    return (message, cause) -> {
      FaultHandlerException fault = new FaultHandlerException(name + ": " + message, cause);
      if (fatal) {
        firstFatal.compareAndSet(null, fault);
        LOG.error(
            "Embedded Kafka hit a fatal fault; it keeps the JVM alive but may be unusable", fault);
      } else {
        LOG.warn("Embedded Kafka fault", fault);
      }
      action.run();
      return fault;
    };
  }

  /** The first fatal fault, or null. */
  Throwable firstFatal() {
    return firstFatal.get();
  }
}
