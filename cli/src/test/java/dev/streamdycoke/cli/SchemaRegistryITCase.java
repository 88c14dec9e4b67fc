package dev.streamdycoke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.cli.cameras.FrameEncoding;
import dev.streamdycoke.cli.cameras.SimulatedCamera;
import dev.streamdycoke.cli.kafka.EmbeddedKafka;
import dev.streamdycoke.cli.logging.CapturedLogs;
import dev.streamdycoke.cli.registry.ApicurioRegistry;
import dev.streamdycoke.cli.testing.MiniClusters;
import dev.streamdycoke.job.FlinkSetup;
import dev.streamdycoke.job.JobSettings;
import dev.streamdycoke.job.Topics;
import dev.streamdycoke.job.args.RunCommand;
import dev.streamdycoke.job.testing.KafkaTestClients;
import dev.streamdycoke.model.checkpoint.TinyCheckpointWriter;
import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.DeadLetter;
import dev.streamdycoke.schemas.Frame;
import dev.streamdycoke.schemas.RecordDecoder;
import dev.streamdycoke.schemas.RegistryCodec;
import dev.streamdycoke.schemas.registry.ConfluentWireFormat;
import dev.streamdycoke.schemas.registry.RegistryConfig;
import dev.streamdycoke.simulator.scene.SceneConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The job against the real Apicurio registry, in Confluent's wire format both ways: frames from
 * Apicurio's own serializer, from {@code cameras --schema-registry} and (single-object, as before)
 * from a plain producer share one topic; {@code ask --schema-registry} gets its answers, which
 * Apicurio's deserializer reads too; a record with an id the registry does not know and one whose
 * schema cannot be read as a Frame become UNKNOWN_SCHEMA_ID and INCOMPATIBLE_SCHEMA dead letters;
 * and no log event shows the registry credentials.
 */
class SchemaRegistryITCase {
  private static final Topics TOPICS = Topics.defaults();

  /** Random, so that finding it in a log cannot be a coincidence. */
  private static final String PASSWORD = "pw-" + UUID.randomUUID();

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.oneTaskManager(1);

  @TempDir Path dir;

  @Test
  void framesQueriesAnswersAndDeadLettersGoThroughTheRegistry() throws Exception {
    Path model = Files.createDirectories(dir.resolve("model"));
    TinyCheckpointWriter.writeTiny(model);
    List<String> logs;
    List<GenericRecord> answers = new ArrayList<>();
    List<DeadLetter> deadLetters = new ArrayList<>();
    List<byte[]> deadLetterValues = new ArrayList<>();
    try (CapturedLogs captured = new CapturedLogs(Level.INFO);
        ApicurioRegistry registry = ApicurioRegistry.start(dir.resolve("apicurio.log"));
        EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
      System.out.println(
          "Apicurio (pid " + registry.pid() + ") ready in " + registry.startupMillis() + " ms");
      kafka.createTopics(1, TOPICS.frames(), TOPICS.queries(), TOPICS.answers());
      kafka.createTopics(1, TOPICS.deadLetters());
      Properties client = KafkaTestClients.client(kafka.bootstrapServers());
      String userInfo = "svc:" + PASSWORD;
      RegistryConfig registryConfig =
          RegistryConfig.of(
              registry.ccompatUrl(), Map.of(RegistryConfig.BASIC_AUTH_USER_INFO, userInfo));

      RunCommand run = new RunCommand();
      new CommandLine(run)
          .parseArgs(
              "--model",
              model.toString(),
              "--bootstrap-servers",
              kafka.bootstrapServers(),
              "--schema-registry",
              registry.ccompatUrl(),
              // Apicurio without authentication ignores it; it is here to be kept out of logs.
              "--registry-property",
              RegistryConfig.BASIC_AUTH_USER_INFO + "=" + userInfo,
              "--registry-output",
              "--checkpoint-interval",
              "500ms",
              "--parallelism",
              "1",
              "--group-id",
              "registry-it",
              "--transactional-id-prefix",
              "registry-it",
              "--change-threshold",
              "0",
              "--max-frame-age",
              "0s");
      JobSettings settings = run.job().settings(run.model());
      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.getExecutionEnvironment(
              FlinkSetup.configuration(settings.checkpointInterval(), null, "hashmap"));
      RunCommand.configure(env, settings, run.job(), run.kafka(), run.registry());
      JobClient job = env.executeAsync("streamdycoke-registry-it");
      try (KafkaConsumer<byte[], byte[]> deadLetterReader =
              KafkaTestClients.readCommitted(client, TOPICS.deadLetters());
          KafkaProducer<byte[], byte[]> plain = KafkaTestClients.producer(client)) {
        FrameEncoding jpeg = FrameEncoding.jpeg(FrameEncoding.DEFAULT_JPEG_QUALITY);
        SimulatedCamera scene = new SimulatedCamera(SceneConfig.defaults(7));
        try (KafkaProducer<String, Object> apicurio = apicurioProducer(client, registry)) {
          for (int i = 0; i < 3; i++) {
            Frame frame = jpeg.toFrame("cam-apicurio", scene.next().orElseThrow());
            apicurio.send(new ProducerRecord<>(TOPICS.frames(), "cam-apicurio", frame)).get();
          }
        }
        int cameras =
            new CommandLine(new CamerasCommand())
                .execute(
                    "-n",
                    "1",
                    "--id-prefix",
                    "own-",
                    "--fps",
                    "4",
                    "--duration",
                    "2s",
                    "--bootstrap-servers",
                    kafka.bootstrapServers(),
                    "--schema-registry",
                    registry.ccompatUrl());
        assertEquals(0, cameras, "cameras --schema-registry");
        for (int i = 0; i < 3; i++) {
          Frame frame = jpeg.toFrame("cam-plain", scene.next().orElseThrow());
          KafkaTestClients.send(
              plain, TOPICS.frames(), "cam-plain", AvroCodec.frames().encode(frame));
        }
        // An id this registry never handed out, and a "Frame" whose camera_id is an int.
        KafkaTestClients.send(
            plain,
            TOPICS.frames(),
            "cam-foreign",
            new byte[] {ConfluentWireFormat.MAGIC, 0x7f, 0x00, 0x00, 0x01, 0x02, 0x00});
        Schema incompatible =
            new Schema.Parser()
                .parse(
                    "{\"type\":\"record\",\"name\":\"Frame\",\"namespace\":\"dev.streamdycoke.schemas\","
                        + "\"fields\":[{\"name\":\"camera_id\",\"type\":\"int\"}]}");
        try (KafkaProducer<String, Object> apicurio = apicurioProducer(client, registry)) {
          apicurio
              .send(
                  new ProducerRecord<>(
                      TOPICS.frames(),
                      "cam-incompatible",
                      new GenericRecordBuilder(incompatible).set("camera_id", 7).build()))
              .get();
        }
        pollUntil(
            deadLetterReader,
            RegistryCodec.of(DeadLetter.class, registryConfig),
            deadLetters,
            deadLetterValues,
            letters ->
                reasons(letters).containsAll(Set.of("UNKNOWN_SCHEMA_ID", "INCOMPATIBLE_SCHEMA")));

        try (KafkaConsumer<String, Object> answerReader = apicurioConsumer(client, registry)) {
          int asked =
              new CommandLine(new AskCommand())
                  .execute(
                      "what is moving?",
                      "-c",
                      "cam-apicurio,own-01,cam-plain",
                      "--max-new-tokens",
                      "4",
                      "--timeout",
                      "90s",
                      "--bootstrap-servers",
                      kafka.bootstrapServers(),
                      "--schema-registry",
                      registry.ccompatUrl());
          assertEquals(0, asked, "ask --schema-registry got every camera's answer");
          long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
          while (answers.size() < 3 && System.nanoTime() < deadline) {
            answerReader
                .poll(Duration.ofMillis(200))
                .forEach(r -> answers.add((GenericRecord) r.value()));
          }
        }
      } finally {
        job.cancel().get();
      }
      logs = captured.events();
    }

    assertEquals(
        Set.of("cam-apicurio", "own-01", "cam-plain"),
        answers.stream().map(a -> a.get("camera_id").toString()).collect(Collectors.toSet()),
        "answers as Apicurio's deserializer reads them: " + answers);
    for (GenericRecord answer : answers) {
      assertEquals("OK", answer.get("status").toString(), answer.toString());
    }
    DeadLetter unknown = byReason(deadLetters, "UNKNOWN_SCHEMA_ID");
    assertEquals("cam-foreign", unknown.getCameraId());
    assertTrue(unknown.getReason().contains("no schema with id 2130706433"), unknown.getReason());
    DeadLetter incompatible = byReason(deadLetters, "INCOMPATIBLE_SCHEMA");
    assertEquals("cam-incompatible", incompatible.getCameraId());
    assertTrue(incompatible.getReason().contains("camera_id"), incompatible.getReason());
    assertTrue(
        deadLetterValues.stream().allMatch(ConfluentWireFormat::isConfluent),
        "--registry-output writes dead letters in Confluent's wire format");
    assertTrue(
        logs.stream().anyMatch(l -> l.contains("basic.auth.user.info=******")),
        "captured " + logs.size() + " events");
    List<String> leaks = logs.stream().filter(l -> l.contains(PASSWORD)).toList();
    assertTrue(leaks.isEmpty(), leaks.size() + " log events show the registry password");
  }

  private static KafkaProducer<String, Object> apicurioProducer(
      Properties client, ApicurioRegistry registry) {
    Properties props = new Properties();
    props.putAll(client);
    props.putAll(apicurioSerde(registry));
    props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    props.put("value.serializer", "io.apicurio.registry.serde.avro.AvroKafkaSerializer");
    props.put("apicurio.registry.auto-register", "true");
    return new KafkaProducer<>(props);
  }

  private static KafkaConsumer<String, Object> apicurioConsumer(
      Properties client, ApicurioRegistry registry) {
    Properties props = new Properties();
    props.putAll(client);
    props.putAll(apicurioSerde(registry));
    props.put("group.id", "registry-it-apicurio-" + UUID.randomUUID());
    props.put("auto.offset.reset", "earliest");
    props.put("isolation.level", "read_committed");
    props.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    props.put("value.deserializer", "io.apicurio.registry.serde.avro.AvroKafkaDeserializer");
    KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(props);
    consumer.subscribe(List.of(TOPICS.answers()));
    return consumer;
  }

  /**
   * Confluent's wire format with Apicurio's content ids, which its ccompat API serves. Apicurio
   * puts the id in a Kafka header unless headers are turned off, whatever as-confluent says.
   */
  private static Map<String, String> apicurioSerde(ApicurioRegistry registry) {
    return Map.of(
        "apicurio.registry.url", registry.v2Url(),
        "apicurio.registry.as-confluent", "true",
        "apicurio.registry.use-id", "contentId",
        "apicurio.registry.headers.enabled", "false");
  }

  private static <T> void pollUntil(
      KafkaConsumer<byte[], byte[]> consumer,
      RecordDecoder<T> decoder,
      List<T> into,
      List<byte[]> values,
      Predicate<List<T>> done)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!done.test(into)) {
      if (System.nanoTime() > deadline) {
        // Not the records themselves: a dead letter holds up to 64 KiB of raw bytes.
        throw new AssertionError(
            "timed out; received "
                + into.size()
                + (into.isEmpty() || !(into.get(0) instanceof DeadLetter)
                    ? ""
                    : ", reasons "
                        + into.stream().map(l -> ((DeadLetter) l).getReason()).toList()));
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        values.add(record.value());
        into.add(decoder.decode(record.value()));
      }
    }
  }

  private static Set<String> reasons(List<DeadLetter> letters) {
    return letters.stream()
        .map(l -> l.getReason().substring(0, l.getReason().indexOf(':')))
        .collect(Collectors.toSet());
  }

  private static DeadLetter byReason(List<DeadLetter> letters, String category) {
    return letters.stream()
        .filter(l -> l.getReason().startsWith(category + ": "))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no " + category + " dead letter in " + reasons(letters)));
  }
}
