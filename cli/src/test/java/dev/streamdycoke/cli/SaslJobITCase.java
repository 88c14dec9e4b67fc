package dev.streamdycoke.cli;

import static dev.streamdycoke.job.testing.KafkaTestClients.pollUntil;
import static dev.streamdycoke.job.testing.KafkaTestClients.readCommitted;
import static dev.streamdycoke.job.testing.KafkaTestClients.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.cli.cameras.FrameEncoding;
import dev.streamdycoke.cli.cameras.SimulatedCamera;
import dev.streamdycoke.cli.kafka.EmbeddedKafka;
import dev.streamdycoke.cli.logging.CapturedLogs;
import dev.streamdycoke.cli.testing.MiniClusters;
import dev.streamdycoke.job.FlinkSetup;
import dev.streamdycoke.job.JobSettings;
import dev.streamdycoke.job.Topics;
import dev.streamdycoke.job.args.RunCommand;
import dev.streamdycoke.model.checkpoint.TinyCheckpointWriter;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.DeadLetter;
import dev.streamdycoke.schemas.Frame;
import dev.streamdycoke.schemas.Query;
import dev.streamdycoke.simulator.scene.SceneConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The job against a broker that requires SASL/PLAIN, configured the way an operator would: the JAAS
 * login with the password in a {@code --kafka-config} file, the protocol and mechanism as {@code
 * --kafka-property} flags of {@code run}. Frames, queries, answers and dead letters all flow, so
 * both sources and both transactional sinks authenticated; a wrong password is refused; and no log
 * event at INFO or above, from any library, contains the password.
 */
class SaslJobITCase {
  private static final Topics TOPICS = Topics.defaults();
  private static final String USER = "streamdycoke";

  /** Random, so that finding it in a log cannot be a coincidence. */
  private static final String PASSWORD = "pw-" + UUID.randomUUID();

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.oneTaskManager(2);

  @TempDir Path dir;

  @Test
  void theJobWorksOverSaslAndNoLogShowsThePassword() throws Exception {
    Path model = Files.createDirectories(dir.resolve("model"));
    TinyCheckpointWriter.writeTiny(model);
    List<String> logs;
    List<Answer> answers = new ArrayList<>();
    List<DeadLetter> deadLetters = new ArrayList<>();
    try (CapturedLogs captured = new CapturedLogs(Level.INFO);
        EmbeddedKafka kafka = EmbeddedKafka.builder().saslPlain(USER, PASSWORD).build().start()) {
      kafka.createJobTopics(TOPICS, 2);
      Properties client = kafka.clientProperties();
      client.put("bootstrap.servers", kafka.bootstrapServers());
      assertWrongPasswordIsRefused(kafka.bootstrapServers());

      Path clientConfig = dir.resolve("client-sasl.properties");
      Files.writeString(
          clientConfig, "sasl.jaas.config=" + client.getProperty("sasl.jaas.config") + "\n");
      RunCommand run = new RunCommand();
      new CommandLine(run)
          .parseArgs(
              "--model",
              model.toString(),
              "--bootstrap-servers",
              kafka.bootstrapServers(),
              "--kafka-config",
              clientConfig.toString(),
              "--kafka-property",
              "security.protocol=SASL_PLAINTEXT",
              "--kafka-property",
              "sasl.mechanism=PLAIN",
              "--checkpoint-interval",
              "500ms",
              "--parallelism",
              "2",
              "--group-id",
              "sasl-it",
              "--transactional-id-prefix",
              "sasl-it",
              "--change-threshold",
              "0",
              "--max-frame-age",
              "0s");
      JobSettings settings = run.job().settings(run.model());
      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.getExecutionEnvironment(
              FlinkSetup.configuration(settings.checkpointInterval(), null, "hashmap"));
      RunCommand.configure(env, settings, run.job(), run.kafka());
      JobClient job = env.executeAsync("streamdycoke-sasl-it");
      try (KafkaProducer<byte[], byte[]> producer =
              new KafkaProducer<>(client, new ByteArraySerializer(), new ByteArraySerializer());
          KafkaConsumer<byte[], byte[]> answerReader = readCommitted(client, TOPICS.answers());
          KafkaConsumer<byte[], byte[]> deadLetterReader =
              readCommitted(client, TOPICS.deadLetters())) {
        SimulatedCamera camera = new SimulatedCamera(SceneConfig.defaults(1));
        FrameEncoding jpeg = FrameEncoding.jpeg(FrameEncoding.DEFAULT_JPEG_QUALITY);
        Frame last = null;
        for (int i = 0; i < 3; i++) {
          last = jpeg.toFrame("cam-1", camera.next().orElseThrow());
          send(producer, TOPICS.frames(), "cam-1", AvroCodec.frames().encode(last));
        }
        send(producer, TOPICS.frames(), "cam-1", AvroCodec.frames().encode(last));
        pollUntil(deadLetterReader, AvroCodec.deadLetters(), deadLetters, l -> !l.isEmpty());
        Query query =
            Query.newBuilder()
                .setQueryId("q-sasl")
                .setCameraIds(List.of("cam-1"))
                .setQuestion("what is moving?")
                .setIssuedAt(Instant.now())
                .setMaxNewTokens(4)
                .setDeadline(null)
                .build();
        send(producer, TOPICS.queries(), "q-sasl", AvroCodec.queries().encode(query));
        pollUntil(answerReader, AvroCodec.answers(), answers, a -> !a.isEmpty());
      } finally {
        job.cancel().get();
      }
      logs = captured.events();
    }

    assertEquals(AnswerStatus.OK, answers.get(0).getStatus(), answers.get(0).getError());
    assertEquals(2, answers.get(0).getAnsweredAtSeq());
    assertTrue(
        deadLetters.get(0).getReason().startsWith("OUT_OF_ORDER: "),
        deadLetters.get(0).getReason());
    // The capture saw the clients' configuration dumps, so it would have seen a leak.
    assertTrue(
        logs.stream().anyMatch(l -> l.contains("sasl.jaas.config")),
        "captured " + logs.size() + " events");
    List<String> leaks = logs.stream().filter(l -> l.contains(PASSWORD)).toList();
    assertTrue(
        leaks.isEmpty(),
        leaks.size() + " log events show the password, e.g. " + leaks.stream().findFirst());
    assertFalse(logs.isEmpty());
  }

  private static void assertWrongPasswordIsRefused(String bootstrap) {
    Properties wrong = new Properties();
    wrong.put("bootstrap.servers", bootstrap);
    wrong.put("security.protocol", "SASL_PLAINTEXT");
    wrong.put("sasl.mechanism", "PLAIN");
    wrong.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
            + USER
            + "\" password=\"not-the-password\";");
    try (Admin admin = Admin.create(wrong)) {
      ExecutionException e =
          assertThrows(
              ExecutionException.class,
              () -> admin.describeCluster().nodes().get(60, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof SaslAuthenticationException, e.getCause().toString());
    }
  }
}
