package dev.streamdycoke.cli.faults;

import static dev.streamdycoke.job.testing.KafkaTestClients.pollFor;
import static dev.streamdycoke.job.testing.KafkaTestClients.pollUntil;
import static dev.streamdycoke.job.testing.KafkaTestClients.send;
import static dev.streamdycoke.job.testing.KafkaTestClients.sendFrame;
import static dev.streamdycoke.job.testing.KafkaTestClients.sendQuery;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.cli.kafka.EmbeddedKafka;
import dev.streamdycoke.cli.testing.MiniClusters;
import dev.streamdycoke.job.Topics;
import dev.streamdycoke.job.io.KafkaConnections;
import dev.streamdycoke.job.testing.KafkaTestClients;
import dev.streamdycoke.model.checkpoint.TinyCheckpointWriter;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.DeadLetter;
import dev.streamdycoke.schemas.Frame;
import dev.streamdycoke.schemas.Query;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of hostile input of issue 6, planted on the real broker between a good camera's frames
 * while the job runs: each becomes exactly one dead letter or one REJECTED answer with a reason
 * that names the problem, and the good camera is still answered from all its frames.
 */
class HostileInputITCase {
  private static final Topics TOPICS = Topics.defaults();
  private static final String GOOD = "cam-good";
  private static final String BAD = "cam-bad";
  private static final int FRAMES = 6;

  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.oneTaskManager(2);

  @TempDir static Path modelDir;

  @Test
  void hostileRecordsAreDeadLetteredOrRejectedAndAGoodCameraIsStillAnswered() throws Exception {
    TinyCheckpointWriter.writeTiny(modelDir);
    List<Frame> good = TestCameras.frames(GOOD, 1, FRAMES);
    Frame template = TestCameras.frames(BAD, 2, 1).get(0);
    Query goodQuery = TestCameras.query("q-good", "what is moving?", List.of(GOOD));
    List<Answer> answers = new ArrayList<>();
    List<DeadLetter> deadLetters = new ArrayList<>();
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
      kafka.createJobTopics(TOPICS, 2);
      Properties client = new Properties();
      client.put("bootstrap.servers", kafka.bootstrapServers());
      KafkaConnections connections =
          new KafkaConnections(
              kafka.bootstrapServers(), new Properties(), TOPICS, "hostile-it", "hostile-it");
      JobClient job = FaultTestJob.start(modelDir, connections, "streamdycoke-hostile-it");
      try (KafkaProducer<byte[], byte[]> producer = KafkaTestClients.producer(client);
          KafkaConsumer<byte[], byte[]> answerReader =
              KafkaTestClients.readCommitted(client, TOPICS.answers());
          KafkaConsumer<byte[], byte[]> deadLetterReader =
              KafkaTestClients.readCommitted(client, TOPICS.deadLetters())) {
        for (int seq = 0; seq < 3; seq++) {
          sendFrame(producer, TOPICS.frames(), good.get(seq));
        }
        String frames = TOPICS.frames();
        sendFrame(producer, frames, HostileRecords.truncatedJpeg(template, 1));
        sendFrame(producer, frames, HostileRecords.corruptJpeg(template, 2));
        sendFrame(producer, frames, HostileRecords.pngBomb(template, 3, 100_000));
        sendFrame(producer, frames, HostileRecords.lyingFormat(template, 4));
        send(producer, frames, BAD, HostileRecords.notAvro());
        send(
            producer,
            frames,
            BAD,
            HostileRecords.unknownFingerprint(AvroCodec.frames().encode(template)));
        sendFrame(producer, frames, Frame.newBuilder(template).setCameraId("").build());
        for (int seq = 3; seq < FRAMES; seq++) {
          sendFrame(producer, TOPICS.frames(), good.get(seq));
        }
        sendFrame(producer, frames, good.get(FRAMES - 1)); // duplicate
        sendFrame(producer, frames, good.get(1)); // late: out of order

        String queries = TOPICS.queries();
        send(producer, queries, "q-json", HostileRecords.notAvro());
        send(
            producer,
            queries,
            "q-alien",
            HostileRecords.unknownFingerprint(AvroCodec.queries().encode(goodQuery)));
        sendQuery(
            producer,
            queries,
            HostileRecords.hugeQuestion(
                TestCameras.query("q-10mb", "", List.of(GOOD)), 10 * 1024 * 1024));
        sendQuery(
            producer,
            queries,
            TestCameras.query(
                "q-10k",
                "what is moving?",
                IntStream.range(0, 10_000).mapToObj(i -> "cam-" + i).toList()));

        pollUntil(deadLetterReader, AvroCodec.deadLetters(), deadLetters, l -> l.size() >= 11);
        // Every good frame has been merged by now: the duplicate's dead letter came after them.
        sendQuery(producer, queries, goodQuery);
        pollUntil(answerReader, AvroCodec.answers(), answers, a -> a.size() >= 3);
        pollFor(answerReader, AvroCodec.answers(), answers, Duration.ofSeconds(2));
        pollFor(deadLetterReader, AvroCodec.deadLetters(), deadLetters, Duration.ofSeconds(1));
        assertEquals(
            JobStatus.RUNNING, job.getJobStatus().get(), "hostile input must not stop the job");
      } finally {
        job.cancel().get();
      }
    }

    Map<String, List<String>> reasons =
        deadLetters.stream()
            .collect(
                Collectors.groupingBy(
                    l ->
                        l.getSourceTopic()
                            + " "
                            + l.getReason().substring(0, l.getReason().indexOf(':')),
                    TreeMap::new,
                    Collectors.mapping(DeadLetter::getReason, Collectors.toList())));
    assertEquals(11, deadLetters.size(), "dead letters " + reasons);
    assertEquals(
        2, reasons.get("frames CORRUPT_IMAGE").size(), "truncated and corrupt JPEG: " + reasons);
    assertTrue(
        reasons.get("frames TOO_LARGE").get(0).contains("100000x100000"), reasons.toString());
    assertTrue(
        reasons
            .get("frames FORMAT_MISMATCH")
            .get(0)
            .contains("format says PNG but the data is a JPEG"),
        reasons.toString());
    assertEquals(1, reasons.get("frames NOT_AVRO").size(), reasons.toString());
    assertEquals(1, reasons.get("frames UNKNOWN_SCHEMA").size(), reasons.toString());
    assertEquals(1, reasons.get("frames EMPTY_CAMERA_ID").size(), reasons.toString());
    List<String> outOfOrder = reasons.get("frames OUT_OF_ORDER");
    assertEquals(2, outOfOrder.size(), reasons.toString());
    assertTrue(
        outOfOrder.stream()
            .anyMatch(r -> r.contains("seq " + (FRAMES - 1) + " is not after " + (FRAMES - 1))));
    assertTrue(outOfOrder.stream().anyMatch(r -> r.contains("seq 1 is not after " + (FRAMES - 1))));
    assertEquals(1, reasons.get("queries NOT_AVRO").size(), reasons.toString());
    assertEquals(1, reasons.get("queries UNKNOWN_SCHEMA").size(), reasons.toString());
    for (DeadLetter letter : deadLetters) {
      assertTrue(letter.getSourceOffset() >= 0, letter.toString());
      assertTrue(letter.getRaw().remaining() <= 64 * 1024, "raw bytes are capped");
    }

    Map<String, Answer> byQuery =
        answers.stream().collect(Collectors.toMap(Answer::getQueryId, a -> a));
    assertEquals(3, answers.size(), "one answer each: " + byQuery.keySet());
    Answer huge = byQuery.get("q-10mb");
    assertEquals(AnswerStatus.REJECTED, huge.getStatus());
    assertTrue(huge.getError().contains("exceeds the 1000 character limit"), huge.getError());
    assertTrue(huge.getQuestion().length() < 300, "a 10 MB question is not echoed back");
    Answer many = byQuery.get("q-10k");
    assertEquals(AnswerStatus.REJECTED, many.getStatus());
    assertEquals("*", many.getCameraId(), "one answer for the whole query, not 10,000");
    assertTrue(many.getError().contains("10000 distinct cameras"), many.getError());
    Answer ok = byQuery.get("q-good");
    assertEquals(AnswerStatus.OK, ok.getStatus(), ok.getError());
    assertNull(ok.getError());
    assertEquals(FRAMES - 1, ok.getAnsweredAtSeq());
    assertEquals(
        TestCameras.tokensAfter(FRAMES), ok.getVisualTokens(), "every good frame merged once");
  }
}
