package dev.streamdycoke.job.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamdycoke.job.Topics;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.junit.jupiter.api.Test;

/**
 * TLS and SASL client settings reach all four of the job's Kafka clients unchanged. (SASL is also
 * proven end to end against a broker in SaslJobITCase; TLS needs keystores, so it is checked here
 * at the configuration the connectors hand to their clients.)
 */
class KafkaConnectionsTest {
  private static final Map<String, String> SECURITY =
      Map.of(
          "security.protocol", "SASL_SSL",
          "ssl.truststore.location", "/etc/kafka/truststore.p12",
          "ssl.truststore.password", "trust-me",
          "ssl.endpoint.identification.algorithm", "https",
          "sasl.mechanism", "SCRAM-SHA-512",
          "sasl.jaas.config",
              "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";");

  @Test
  void securitySettingsPassThroughToEverySourceAndSink() throws Exception {
    Properties client = new Properties();
    client.putAll(SECURITY);
    KafkaConnections connections =
        new KafkaConnections("kafka:9093", client, Topics.defaults(), "g", "t");
    for (Properties props :
        new Properties[] {
          field(KafkaSource.class, connections.framesSource(), "props"),
          field(KafkaSource.class, connections.queriesSource(), "props"),
          field(KafkaSink.class, connections.answersSink(), "kafkaProducerConfig"),
          field(KafkaSink.class, connections.deadLettersSink(), "kafkaProducerConfig")
        }) {
      SECURITY.forEach((key, value) -> assertEquals(value, props.getProperty(key), key));
      assertEquals("kafka:9093", props.getProperty("bootstrap.servers"));
    }
  }

  @Test
  void theCallersPropertiesAreCopiedNotShared() throws Exception {
    Properties client = new Properties();
    client.put("security.protocol", "SSL");
    KafkaConnections connections =
        new KafkaConnections("kafka:9093", client, Topics.defaults(), "g", "t");
    client.put("security.protocol", "PLAINTEXT");
    assertEquals(
        "SSL",
        field(KafkaSource.class, connections.framesSource(), "props")
            .getProperty("security.protocol"));
  }

  private static Properties field(Class<?> type, Object target, String name) throws Exception {
    Field f = type.getDeclaredField(name);
    f.setAccessible(true);
    return (Properties) f.get(target);
  }
}
