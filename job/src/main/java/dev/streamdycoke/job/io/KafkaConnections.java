package dev.streamdycoke.job.io;

import dev.streamdycoke.job.Topics;
import dev.streamdycoke.operators.records.RawRecord;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.DeadLetter;
import dev.streamdycoke.schemas.registry.RegistryConfig;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The job's Kafka sources and sinks for one cluster. {@code clientProperties} pass unchanged to
 * every consumer and producer, which is how SASL and TLS settings reach them.
 */
public final class KafkaConnections {
  /**
   * Brokers cap transactions at transaction.max.timeout.ms, 15 minutes by default; Flink's sink
   * asks for an hour unless told, which such brokers refuse.
   */
  static final String TRANSACTION_TIMEOUT_MS = String.valueOf(15 * 60 * 1000);

  private final String bootstrapServers;
  private final Properties clientProperties;
  private final Topics topics;
  private final String groupId;
  private final String transactionalIdPrefix;

  /** Where answers and dead letters register their schemas; null: single-object encoding. */
  private RegistryConfig registryOutput;

  /**
   * @param groupId consumer group of the sources (offsets are committed on checkpoints, for
   *     monitoring lag; the checkpoint itself holds the offsets the job resumes from)
   * @param transactionalIdPrefix unique per job on a Kafka cluster: two jobs with one prefix fence
   *     each other's transactions
   */
  public KafkaConnections(
      String bootstrapServers,
      Properties clientProperties,
      Topics topics,
      String groupId,
      String transactionalIdPrefix) {
    this.bootstrapServers = bootstrapServers;
    this.clientProperties = new Properties();
    this.clientProperties.putAll(clientProperties);
    this.topics = topics;
    this.groupId = groupId;
    this.transactionalIdPrefix = transactionalIdPrefix;
  }

  /**
   * Answers and dead letters in Confluent's wire format from now on, their schemas registered in
   * {@code registry} under {@code <topic>-value}; null keeps single-object encoding.
   */
  public KafkaConnections withRegistryOutput(RegistryConfig registry) {
    this.registryOutput = registry;
    return this;
  }

  public Topics topics() {
    return topics;
  }

  public KafkaSource<RawRecord> framesSource() {
    return source(topics.frames());
  }

  public KafkaSource<RawRecord> queriesSource() {
    return source(topics.queries());
  }

  private KafkaSource<RawRecord> source(String topic) {
    return KafkaSource.<RawRecord>builder()
        .setBootstrapServers(bootstrapServers)
        .setProperties(clientProperties)
        .setTopics(topic)
        .setGroupId(groupId)
        .setClientIdPrefix(groupId + "-" + topic)
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
        // Input written by transactional producers counts only once committed.
        .setProperty("isolation.level", "read_committed")
        .setDeserializer(new RawRecordDeserializer())
        .build();
  }

  /** Answers keyed by query_id, exactly once: visible to read_committed consumers on checkpoint. */
  public KafkaSink<Answer> answersSink() {
    return answersSink(UnaryOperator.identity());
  }

  /**
   * The answers sink with {@code decorate} applied to its record serializer, everything else as
   * {@link #answersSink()}: the fault tests fail the job through it while answers sit in an open
   * transaction.
   */
  public KafkaSink<Answer> answersSink(
      UnaryOperator<KafkaRecordSerializationSchema<Answer>> decorate) {
    return transactionalSink(
        "answers",
        decorate.apply(
            new AvroRecordSerializer<>(
                topics.answers(), Answer.class, Answer::getQueryId, registryOutput)));
  }

  /** Dead letters keyed by camera when known, exactly once like the answers. */
  public KafkaSink<DeadLetter> deadLettersSink() {
    return transactionalSink(
        "deadletters",
        new AvroRecordSerializer<>(
            topics.deadLetters(), DeadLetter.class, DeadLetter::getCameraId, registryOutput));
  }

  private <T> KafkaSink<T> transactionalSink(
      String name, KafkaRecordSerializationSchema<T> serializer) {
    return KafkaSink.<T>builder()
        .setBootstrapServers(bootstrapServers)
        .setKafkaProducerConfig(clientProperties)
        .setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS)
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(transactionalIdPrefix + "-" + name)
        .setRecordSerializer(serializer)
        .build();
  }
}
