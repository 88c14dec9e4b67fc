package dev.streamdycoke.cli.kafka;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import kafka.server.KafkaConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * What {@code kafka-storage.sh format} does, without its {@code main} (which exits the JVM): writes
 * {@code meta.properties} and the bootstrap metadata into a fresh log dir.
 */
final class StorageFormat {

  private StorageFormat() {}

  /** Formats {@code logDir} unless it holds a formatted node already (a restart keeps its data). */
  static void formatIfNeeded(KafkaConfig config, Path logDir) throws Exception {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return;
    }
    new Formatter()
        // The formatter reports to System.out by default; a library must not print.
        .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
        .setNodeId(config.nodeId())
        .setClusterId(Uuid.randomUuid().toString())
        .setControllerListenerName(BrokerProperties.CONTROLLER_LISTENER)
        .setMetadataLogDirectory(config.metadataLogDir())
        .addDirectory(logDir.toString())
        .run();
  }
}
