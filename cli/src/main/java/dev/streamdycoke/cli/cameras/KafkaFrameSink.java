package dev.streamdycoke.cli.cameras;

import dev.streamdycoke.schemas.FrameFormat;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes frames to a Kafka topic: key = camera id (UTF-8), so one camera's frames stay in order
 * on one partition; value = the Avro single-object {@code Frame}; record timestamp = the capture
 * time.
 */
public final class KafkaFrameSink implements FrameSink {

  private final Producer<byte[], byte[]> producer;
  private final String topic;

  /** Wraps an existing producer (a {@code MockProducer} in tests); {@link #close()} closes it. */
  public KafkaFrameSink(Producer<byte[], byte[]> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  /**
   * A sink with its own {@link KafkaProducer}.
   *
   * @param kafka client settings: bootstrap.servers at least, plus any security settings (SASL,
   *     TLS) which pass through untouched; see {@link #producerConfig} for the defaults added
   * @param format what the frames hold, to pick a default compression
   */
  public static KafkaFrameSink create(Properties kafka, String topic, FrameFormat format) {
    Properties config = producerConfig(kafka, format);
    return new KafkaFrameSink(
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()), topic);
  }

  /**
   * {@code kafka} plus defaults for whatever it leaves unset: acks=all and idempotence (no frame
   * lost or duplicated by retries, and retries keep each camera's order); compression lz4 for RGB24
   * and none for JPEG/PNG (compressing a JPEG again costs CPU and saves nothing); linger.ms=5 and
   * batch.size=256 KiB, so the frames of many cameras share requests.
   */
  public static Properties producerConfig(Properties kafka, FrameFormat format) {
    Properties config = new Properties();
    config.putAll(kafka);
    config.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    config.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    config.putIfAbsent(
        ProducerConfig.COMPRESSION_TYPE_CONFIG, format == FrameFormat.RGB24 ? "lz4" : "none");
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
    config.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
    config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "streamdycoke-cameras");
    return config;
  }

  @Override
  public void send(String cameraId, long timestampMillis, byte[] value, Completion completion) {
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            topic, null, timestampMillis, cameraId.getBytes(StandardCharsets.UTF_8), value);
    try {
      producer.send(record, (metadata, error) -> completion.completed(error));
    } catch (RuntimeException e) {
      // send() throws for some failures (closed producer, buffer wait timed out) instead of
      // calling back; the fleet counts both the same way.
      completion.completed(e);
    }
  }

  @Override
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }
}
