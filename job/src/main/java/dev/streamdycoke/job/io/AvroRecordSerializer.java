package dev.streamdycoke.job.io;

import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.RegistryCodec;
import dev.streamdycoke.schemas.registry.RegistryConfig;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes Avro records in single-object encoding (the schema fingerprint travels with each record,
 * so consumers resolve it without a registry), or, given a schema registry, in Confluent's wire
 * format with the schema registered under {@code <topic>-value} (Confluent's TopicNameStrategy);
 * keyed by a string field.
 *
 * @param <T> the Avro record class
 */
public final class AvroRecordSerializer<T extends SpecificRecord>
    implements KafkaRecordSerializationSchema<T> {
  private static final long serialVersionUID = 1L;

  private final String topic;
  private final Class<T> type;
  private final SerializableFunction<T, String> key;
  private final RegistryConfig registry;
  private transient AvroCodec<T> codec;
  private transient RegistryCodec<T> registryCodec;

  /**
   * @param key the record key, null for none
   */
  public AvroRecordSerializer(String topic, Class<T> type, SerializableFunction<T, String> key) {
    this(topic, type, key, null);
  }

  /**
   * @param key the record key, null for none
   * @param registry where to register the schema for Confluent's wire format; null for
   *     single-object encoding
   */
  public AvroRecordSerializer(
      String topic, Class<T> type, SerializableFunction<T, String> key, RegistryConfig registry) {
    this.topic = topic;
    this.type = type;
    this.key = key;
    this.registry = registry;
  }

  /** The subject the schema is registered under, as Confluent's TopicNameStrategy names it. */
  public static String subject(String topic) {
    return topic + "-value";
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      T element, KafkaSinkContext context, Long timestamp) {
    if (codec == null) {
      codec = AvroCodec.of(type);
      registryCodec = registry == null ? null : RegistryCodec.of(type, registry);
    }
    // The registration happens on the first record and is cached; an unreachable registry fails
    // the sink after retrying, and the job restarts from its last checkpoint.
    byte[] value =
        registryCodec == null
            ? codec.encode(element)
            : registryCodec.encode(element, subject(topic));
    String k = key.apply(element);
    return new ProducerRecord<>(
        topic, null, timestamp, k == null ? null : k.getBytes(StandardCharsets.UTF_8), value);
  }
}
