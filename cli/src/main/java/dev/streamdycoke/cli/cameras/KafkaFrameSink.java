package dev.streamdycoke.cli.cameras;

import dev.streamdycoke.schemas.Frame;
import dev.streamdycoke.schemas.FrameFormat;
import dev.streamdycoke.schemas.RegistryCodec;
import dev.streamdycoke.schemas.registry.RegistryConfig;
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
 * time. With a schema registry, the value is in Confluent's wire format instead, the Frame schema
 * registered under {@code <topic>-value}.
 */
public final class KafkaFrameSink implements FrameSink {

  private final Producer<byte[], byte[]> producer;
  private final String topic;

  /** Re-frames single-object values for the registry; null without one. */
  private final RegistryCodec<Frame> registry;

  /** Wraps an existing producer (a {@code MockProducer} in tests); {@link #close()} closes it. */
  public KafkaFrameSink(Producer<byte[], byte[]> producer, String topic) {
    this(producer, topic, null);
  }

  private KafkaFrameSink(
      Producer<byte[], byte[]> producer, String topic, RegistryCodec<Frame> registry) {
    this.producer = producer;
    this.topic = topic;
    this.registry = registry;
  }

  /**
   * A sink with its own {@link KafkaProducer}.
   *
   * @param kafka client settings: bootstrap.servers at least, plus any security settings (SASL,
   *     TLS) which pass through untouched; see {@link #producerConfig} for the defaults added
   * @param format what the frames hold, to pick a default compression
   */
  public static KafkaFrameSink create(Properties kafka, String topic, FrameFormat format) {
    return create(kafka, topic, format, null);
  }

  /** As above, writing Confluent's wire format through {@code registry} unless it is null. */
  public static KafkaFrameSink create(
      Properties kafka, String topic, FrameFormat format, RegistryConfig registry) {
    RegistryCodec<Frame> codec = registry == null ? null : RegistryCodec.of(Frame.class, registry);
    if (codec != null) {
      // Register before the first frame, so that a registry that cannot be reached or refuses
      // the schema stops the fleet at start instead of failing frame after frame.
      codec.lookup().register(topic + "-value", codec.schema());
    }
    Properties config = producerConfig(kafka, format);
    return new KafkaFrameSink(
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()),
        topic,
        codec);
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
    try {
      // Same Avro body, another header; the schema is registered once, on the first frame.
      byte[] out = registry == null ? value : registry.toConfluent(value, topic + "-value");
      ProducerRecord<byte[], byte[]> record =
          new ProducerRecord<>(
              topic, null, timestampMillis, cameraId.getBytes(StandardCharsets.UTF_8), out);
      producer.send(record, (metadata, error) -> completion.completed(error));
    } catch (RuntimeException e) {
      // send() throws for some failures (closed producer, buffer wait timed out) instead of
      // calling back, and so does an unreachable registry; the fleet counts them all the same way.
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
