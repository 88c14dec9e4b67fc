package dev.streamdycoke.job.io;

import dev.streamdycoke.schemas.AvroCodec;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes Avro records in single-object encoding (the schema fingerprint travels with each record,
 * so consumers resolve it without a registry), keyed by a string field.
 *
 * @param <T> the Avro record class
 */
public final class AvroRecordSerializer<T extends SpecificRecord>
    implements KafkaRecordSerializationSchema<T> {
  private static final long serialVersionUID = 1L;

  private final String topic;
  private final Class<T> type;
  private final SerializableFunction<T, String> key;
  private transient AvroCodec<T> codec;

  /**
   * @param key the record key, null for none
   */
  public AvroRecordSerializer(String topic, Class<T> type, SerializableFunction<T, String> key) {
    this.topic = topic;
    this.type = type;
    this.key = key;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      T element, KafkaSinkContext context, Long timestamp) {
    if (codec == null) {
      codec = AvroCodec.of(type);
    }
    String k = key.apply(element);
    return new ProducerRecord<>(
        topic,
        null,
        timestamp,
        k == null ? null : k.getBytes(StandardCharsets.UTF_8),
        codec.encode(element));
  }
}
