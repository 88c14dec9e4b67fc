package dev.streamdycoke.job.args;

import dev.streamdycoke.job.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/** Where Kafka is and how to talk to it; shared by every command that touches Kafka. */
public final class KafkaOptions {
  @Option(
      names = "--bootstrap-servers",
      defaultValue = "localhost:9092",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(
      names = "--kafka-config",
      description =
          "A Java properties file of Kafka client settings (SASL, TLS, ...), passed to every client.")
  Path kafkaConfig;

  @Option(
      names = "--kafka-property",
      description = "One Kafka client setting, key=value; repeatable; overrides --kafka-config.")
  Map<String, String> kafkaProperties = new LinkedHashMap<>();

  @Option(
      names = "--frames-topic",
      defaultValue = Topics.DEFAULT_FRAMES,
      description = "Default: ${DEFAULT-VALUE}.")
  String framesTopic;

  @Option(
      names = "--queries-topic",
      defaultValue = Topics.DEFAULT_QUERIES,
      description = "Default: ${DEFAULT-VALUE}.")
  String queriesTopic;

  @Option(
      names = "--answers-topic",
      defaultValue = Topics.DEFAULT_ANSWERS,
      description = "Default: ${DEFAULT-VALUE}.")
  String answersTopic;

  @Option(
      names = "--deadletter-topic",
      defaultValue = Topics.DEFAULT_DEAD_LETTERS,
      description = "Default: ${DEFAULT-VALUE}.")
  String deadLetterTopic;

  /** Options for {@code bootstrapServers} with the default topic names and no client settings. */
  public static KafkaOptions withDefaultTopics(String bootstrapServers) {
    KafkaOptions options = new KafkaOptions();
    options.bootstrapServers = bootstrapServers;
    Topics topics = Topics.defaults();
    options.framesTopic = topics.frames();
    options.queriesTopic = topics.queries();
    options.answersTopic = topics.answers();
    options.deadLetterTopic = topics.deadLetters();
    return options;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public Topics topics() {
    return new Topics(framesTopic, queriesTopic, answersTopic, deadLetterTopic);
  }

  /** Client settings from the file, then the single properties, without bootstrap.servers. */
  public Properties clientProperties() {
    Properties props = new Properties();
    if (kafkaConfig != null) {
      try (InputStream in = Files.newInputStream(kafkaConfig)) {
        props.load(in);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read --kafka-config " + kafkaConfig + ": " + e.getMessage(), e);
      }
    }
    props.putAll(kafkaProperties);
    return props;
  }

  /** Settings for a plain client: the shared ones plus bootstrap.servers. */
  public Properties clientProperties(String clientId) {
    Properties props = clientProperties();
    props.put("bootstrap.servers", bootstrapServers);
    props.put("client.id", clientId);
    return props;
  }
}
