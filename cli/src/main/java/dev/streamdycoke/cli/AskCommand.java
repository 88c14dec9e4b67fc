package dev.streamdycoke.cli;

import dev.streamdycoke.job.args.DurationConverter;
import dev.streamdycoke.job.args.KafkaOptions;
import dev.streamdycoke.job.args.RegistryOptions;
import dev.streamdycoke.job.io.AvroRecordSerializer;
import dev.streamdycoke.model.session.AnswerSettings;
import dev.streamdycoke.operators.cache.TokenCacheConfig;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.Query;
import dev.streamdycoke.schemas.RecordDecoder;
import dev.streamdycoke.schemas.RegistryCodec;
import dev.streamdycoke.schemas.registry.RegistryConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Publishes one question and prints its answers as they are committed. */
@Command(
    name = "ask",
    mixinStandardHelpOptions = true,
    description = "Ask a question about one or more cameras and print the answers.")
public final class AskCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "The question.")
  String question;

  @Option(
      names = {"-c", "--camera"},
      required = true,
      split = ",",
      description = "Camera id(s); repeat or separate by commas.")
  List<String> cameras;

  @Option(
      names = "--max-new-tokens",
      defaultValue = "" + AnswerSettings.DEFAULT_MAX_NEW_TOKENS,
      description = "Default: ${DEFAULT-VALUE}.")
  int maxNewTokens;

  @Option(
      names = "--timeout",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "How long to wait for answers (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--cache-capacity",
      defaultValue = "" + TokenCacheConfig.DEFAULT_CAPACITY,
      description = "The job's C, to show cache fill (default: ${DEFAULT-VALUE}).")
  int capacity;

  @Mixin KafkaOptions kafka;

  /**
   * With a registry the question goes out in Confluent's wire format, and answers in it are read.
   */
  @Mixin RegistryOptions registry;

  @Override
  public Integer call() {
    String queryId = "q-" + UUID.randomUUID();
    Set<String> expected = new LinkedHashSet<>(cameras);
    RegistryConfig registryConfig = registry.config();
    try (KafkaConsumer<byte[], byte[]> consumer = answersFromNow(kafka);
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(
                kafka.clientProperties("streamdycoke-ask"),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {

      Query query =
          Query.newBuilder()
              .setQueryId(queryId)
              .setCameraIds(List.copyOf(expected))
              .setQuestion(question)
              .setIssuedAt(Instant.now())
              .setMaxNewTokens(maxNewTokens)
              .setDeadline(null)
              .build();
      producer
          .send(
              new ProducerRecord<>(
                  kafka.topics().queries(),
                  queryId.getBytes(StandardCharsets.UTF_8),
                  registryConfig == null
                      ? AvroCodec.queries().encode(query)
                      : RegistryCodec.of(Query.class, registryConfig)
                          .encode(query, AvroRecordSerializer.subject(kafka.topics().queries()))))
          .get();
      System.out.println(
          "asked " + queryId + " of " + String.join(", ", expected) + ": " + question);

      // Reads answers in either encoding, whichever the job writes.
      RecordDecoder<Answer> codec = RegistryCodec.decoder(Answer.class, registryConfig);
      long deadline = System.nanoTime() + timeout.toNanos();
      int received = 0;
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          Answer answer;
          try {
            answer = codec.decode(record.value());
          } catch (Exception e) {
            continue;
          }
          if (answer.getQueryId().equals(queryId)) {
            System.out.println(AnswerFormat.line(answer, capacity));
            expected.remove(answer.getCameraId());
            received++;
            if (expected.isEmpty() || "*".equals(answer.getCameraId())) {
              return 0;
            }
          }
        }
      }
      System.err.println(
          "timed out after " + received + " answer(s); still waiting for " + expected);
      return 2;
    } catch (Exception e) {
      System.err.println("ask failed: " + e.getMessage());
      return 1;
    }
  }

  /**
   * A read_committed consumer: the job's answers count only once their checkpoint committed them.
   */
  static KafkaConsumer<byte[], byte[]> answersConsumer(KafkaOptions kafka) {
    String reader = "streamdycoke-reader-" + UUID.randomUUID();
    Properties props = kafka.clientProperties(reader);
    // A throwaway group: readers start at the end and commit nothing.
    props.put("group.id", reader);
    props.put("auto.offset.reset", "latest");
    props.put("isolation.level", "read_committed");
    props.put("enable.auto.commit", "false");
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * An {@link #answersConsumer} assigned the answers topic and positioned at its end before
   * anything is asked, so only answers produced after the question are read; position() forces the
   * lookup now rather than at the first poll.
   */
  static KafkaConsumer<byte[], byte[]> answersFromNow(KafkaOptions kafka) {
    KafkaConsumer<byte[], byte[]> consumer = answersConsumer(kafka);
    List<TopicPartition> partitions =
        consumer.partitionsFor(kafka.topics().answers()).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    return consumer;
  }
}
