package dev.streamdycoke.cli;

import dev.streamdycoke.job.args.DurationConverter;
import dev.streamdycoke.job.args.KafkaOptions;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.Query;
import dev.streamdycoke.schemas.StandingEmit;
import dev.streamdycoke.schemas.StandingSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Registers a standing question and prints its events as they are committed; Ctrl-C cancels it (a
 * tombstone keyed by the query id) and waits for the job to acknowledge the cancel.
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description =
        "Ask a standing question (re-asked on new frames) and print its events until Ctrl-C,"
            + " which cancels it.")
public final class WatchCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "The question.", arity = "0..1")
  String question;

  @Option(
      names = {"-c", "--camera"},
      split = ",",
      defaultValue = "*",
      description = "Camera id(s), or * for every camera including later ones (default: *).")
  List<String> cameras;

  @Option(
      names = "--every-frames",
      defaultValue = "1",
      description = "Evaluate every N-th frame (default: ${DEFAULT-VALUE}).")
  int everyFrames;

  @Option(
      names = "--min-interval",
      converter = DurationConverter.class,
      description = "Evaluate at most once per this much capture time, e.g. 2s.")
  Duration minInterval;

  @Option(
      names = "--every",
      description = "Print every evaluation, not only changes of the answer.")
  boolean every;

  @Option(
      names = "--hold",
      defaultValue = "1",
      description =
          "Consecutive evaluations a changed answer needs before it is an event"
              + " (default: ${DEFAULT-VALUE}).")
  int hold;

  @Option(names = "--max-events", description = "Stop after this many events per camera.")
  Integer maxEvents;

  @Option(
      names = "--for",
      converter = DurationConverter.class,
      description = "Expire the question after this long.")
  Duration lifetime;

  @Option(names = "--max-new-tokens", defaultValue = "16", description = "Default: 16.")
  int maxNewTokens;

  @Option(
      names = "--cancel",
      paramLabel = "QUERY_ID",
      description = "Cancel a standing question registered elsewhere, and exit.")
  String cancelId;

  @Mixin KafkaOptions kafka;

  @Override
  public Integer call() {
    try (KafkaConsumer<byte[], byte[]> consumer = AskCommand.answersFromNow(kafka);
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(
                kafka.clientProperties("streamdycoke-watch"),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
      if (cancelId != null) {
        send(producer, cancelId, null);
        System.out.println("cancel sent for " + cancelId);
        return awaitCancelled(consumer, cancelId, Duration.ofSeconds(30)) ? 0 : 2;
      }
      if (question == null) {
        System.err.println("watch needs a question (or --cancel QUERY_ID)");
        return 64;
      }
      String queryId = "w-" + UUID.randomUUID();
      send(producer, queryId, AvroCodec.queries().encode(query(queryId)));
      System.out.println(
          "watching "
              + queryId
              + " on "
              + String.join(", ", new LinkedHashSet<>(cameras))
              + ": "
              + question
              + "   (Ctrl-C cancels)");
      CountDownLatch stop = new CountDownLatch(1);
      CountDownLatch done = new CountDownLatch(1);
      Thread hook =
          new Thread(
              () -> {
                stop.countDown();
                try {
                  done.await(15, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        while (stop.getCount() > 0) {
          if (printEvents(consumer, queryId)) {
            return 0;
          }
        }
        send(producer, queryId, null);
        System.out.println("cancelling " + queryId);
        awaitCancelled(consumer, queryId, Duration.ofSeconds(10));
        return 130;
      } finally {
        done.countDown();
      }
    } catch (Exception e) {
      System.err.println("watch failed: " + e.getMessage());
      return 1;
    }
  }

  Query query(String queryId) {
    StandingSpec.Builder spec =
        StandingSpec.newBuilder()
            .setEveryFrames(everyFrames)
            .setEmit(every ? StandingEmit.EVERY : StandingEmit.ON_CHANGE)
            .setHold(hold)
            .setMaxEvents(maxEvents);
    if (minInterval != null) {
      spec.setMinIntervalMs(minInterval.toMillis());
    }
    if (lifetime != null) {
      spec.setExpiresAt(Instant.now().plus(lifetime));
    }
    return Query.newBuilder()
        .setQueryId(queryId)
        .setCameraIds(List.copyOf(new LinkedHashSet<>(cameras)))
        .setQuestion(question)
        .setIssuedAt(Instant.now())
        .setMaxNewTokens(maxNewTokens)
        .setDeadline(null)
        .setStanding(spec.build())
        .build();
  }

  /** Prints one poll's answers to the question; true when the question is over as a whole. */
  private boolean printEvents(KafkaConsumer<byte[], byte[]> consumer, String queryId) {
    for (Answer a : poll(consumer, queryId)) {
      System.out.println(AnswerFormat.line(a, 1));
      if ("*".equals(a.getCameraId()) && a.getStatus() != AnswerStatus.OK) {
        return true;
      }
    }
    return false;
  }

  private static boolean awaitCancelled(
      KafkaConsumer<byte[], byte[]> consumer, String queryId, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      for (Answer a : poll(consumer, queryId)) {
        System.out.println(AnswerFormat.line(a, 1));
        if ("*".equals(a.getCameraId())) {
          return a.getStatus() == AnswerStatus.CANCELLED;
        }
      }
    }
    System.err.println("no acknowledgement of the cancel within " + wait);
    return false;
  }

  private static List<Answer> poll(KafkaConsumer<byte[], byte[]> consumer, String queryId) {
    AvroCodec<Answer> codec = AvroCodec.answers();
    List<Answer> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
      try {
        Answer a = codec.decode(record.value());
        if (a.getQueryId().equals(queryId)) {
          out.add(a);
        }
      } catch (Exception e) {
        // Not an answer this reader understands; not ours either.
      }
    }
    return out;
  }

  private void send(KafkaProducer<byte[], byte[]> producer, String queryId, byte[] value)
      throws Exception {
    producer
        .send(
            new ProducerRecord<>(
                kafka.topics().queries(), queryId.getBytes(StandardCharsets.UTF_8), value))
        .get();
  }
}
