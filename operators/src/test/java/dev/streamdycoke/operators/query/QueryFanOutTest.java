package dev.streamdycoke.operators.query;

import static dev.streamdycoke.operators.query.TestQueries.query;
import static dev.streamdycoke.operators.query.TestQueries.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.operators.records.Answers;
import dev.streamdycoke.operators.records.CameraQuery;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import dev.streamdycoke.schemas.Query;
import dev.streamdycoke.schemas.UndecodableRecordException;
import dev.streamdycoke.schemas.UndecodableRecordException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class QueryFanOutTest {

  private static final long NOW = 1_767_225_601_000L;

  private final QueryFanOut fanOut = new QueryFanOut(QueryLimits.defaults());

  private QueryFanOut.Result run(Query q) throws Exception {
    // Through the bytes, as the job sees it.
    return fanOut.fanOut(value(q), NOW);
  }

  private static void assertRejected(Answer a, String queryId, String camera, String reasonPart) {
    assertEquals(AnswerStatus.REJECTED, a.getStatus());
    assertEquals(queryId, a.getQueryId());
    assertEquals(camera, a.getCameraId());
    assertTrue(a.getError().contains(reasonPart), a.getError());
    assertEquals("", a.getAnswer());
    assertEquals(NOW, a.getAnsweredAt().toEpochMilli());
    assertEquals(-1L, a.getAnsweredAtSeq());
    assertEquals(-1L, a.getFirstSeq());
    assertEquals(-1L, a.getLastSeq());
    assertEquals(0, a.getVisualTokens());
    assertEquals(0.0, a.getTimings().getFirstTokenMs());
  }

  private static List<String> cameras(QueryFanOut.Result r) {
    return r.accepted().stream().map(q -> q.cameraId).collect(Collectors.toList());
  }

  @Test
  void fansOutOneCameraQueryPerCamera() throws Exception {
    QueryFanOut.Result r = run(query("q-1", List.of("cam-1", "cam-2"), "How many people?", 16));
    assertTrue(r.rejected().isEmpty());
    assertEquals(List.of("cam-1", "cam-2"), cameras(r));
    CameraQuery c = r.accepted().get(1);
    assertEquals("q-1", c.queryId);
    assertEquals("How many people?", c.question);
    assertEquals(TestQueries.ISSUED_MS, c.issuedAt);
    assertEquals(NOW, c.receivedAt);
    assertEquals(16, c.maxNewTokens);
    assertEquals(TestQueries.ISSUED_MS + 5_000, c.deadline);
  }

  @Test
  void noDeadlineStaysNull() throws Exception {
    Query q = Query.newBuilder(query("q-1", List.of("cam-1"))).setDeadline(null).build();
    assertNull(run(q).accepted().get(0).deadline);
  }

  @Test
  void duplicateCamerasAreAnsweredOnceInFirstOrder() throws Exception {
    QueryFanOut.Result r = run(query("q-1", List.of("cam-2", "cam-1", "cam-2", "cam-3", "cam-1")));
    assertEquals(List.of("cam-2", "cam-1", "cam-3"), cameras(r));
    assertTrue(r.rejected().isEmpty());
  }

  @Test
  void blankCameraIdRejectsOnlyThatEntry() throws Exception {
    QueryFanOut.Result r = run(query("q-1", List.of("cam-1", " ", "cam-2", "")));
    assertEquals(List.of("cam-1", "cam-2"), cameras(r));
    assertEquals(2, r.rejected().size());
    assertRejected(r.rejected().get(0), "q-1", " ", "camera_id is blank");
    assertRejected(r.rejected().get(1), "q-1", "", "camera_id is empty");
    assertEquals("How many people?", r.rejected().get(0).getQuestion());
  }

  @Test
  void overlongCameraIdIsRejectedAndEchoedTruncated() throws Exception {
    String longId = "c".repeat(300);
    QueryFanOut.Result r = run(query("q-1", List.of(longId, "cam-1")));
    assertEquals(List.of("cam-1"), cameras(r));
    Answer a = r.rejected().get(0);
    assertRejected(a, "q-1", "c".repeat(Answers.ECHO_CHARS) + "\u2026", "300 characters");
  }

  @Test
  void emptyOrBlankQuestionRejectsEveryCamera() throws Exception {
    QueryFanOut.Result r = run(query("q-1", List.of("cam-1", "cam-2", "cam-1"), "   ", 32));
    assertTrue(r.accepted().isEmpty());
    assertEquals(2, r.rejected().size());
    assertRejected(r.rejected().get(0), "q-1", "cam-1", "question is blank");
    assertRejected(r.rejected().get(1), "q-1", "cam-2", "question is blank");
    assertRejected(
        run(query("q-2", List.of("cam-1"), "", 32)).rejected().get(0),
        "q-2",
        "cam-1",
        "question is empty");
  }

  @Test
  void tooLongQuestionIsRejectedAndNeverEchoedInFull() throws Exception {
    String question = "why ".repeat(2_500_000); // 10 MB
    QueryFanOut.Result r = run(query("q-1", List.of("cam-1"), question, 32));
    assertTrue(r.accepted().isEmpty());
    Answer a = r.rejected().get(0);
    assertRejected(a, "q-1", "cam-1", "question of 10000000 characters exceeds the 1000");
    assertEquals(question.substring(0, Answers.ECHO_CHARS) + "\u2026", a.getQuestion());
    // At the limit is fine.
    assertTrue(run(query("q-2", List.of("cam-1"), "x".repeat(1000), 32)).rejected().isEmpty());
  }

  @Test
  void maxNewTokensOutOfRangeIsRejected() throws Exception {
    for (int bad : new int[] {0, -5, 257}) {
      QueryFanOut.Result r = run(query("q-1", List.of("cam-1"), "Who?", bad));
      assertTrue(r.accepted().isEmpty());
      assertRejected(
          r.rejected().get(0), "q-1", "cam-1", "max_new_tokens " + bad + " is outside 1..256");
    }
    for (int fine : new int[] {1, 256}) {
      assertEquals(1, run(query("q-1", List.of("cam-1"), "Who?", fine)).accepted().size());
    }
  }

  @Test
  void noCamerasGivesOneStarAnswer() throws Exception {
    QueryFanOut.Result r = run(query("q-1", List.of()));
    assertTrue(r.accepted().isEmpty());
    assertEquals(1, r.rejected().size());
    assertRejected(r.rejected().get(0), "q-1", QueryFanOut.ALL_CAMERAS, "camera_ids is empty");
  }

  @Test
  void tenThousandCamerasGiveOneStarAnswerNotTenThousand() throws Exception {
    List<String> many =
        IntStream.range(0, 10_000).mapToObj(i -> "cam-" + i).collect(Collectors.toList());
    QueryFanOut.Result r = run(query("q-1", many, "", 0));
    assertTrue(r.accepted().isEmpty());
    assertEquals(1, r.rejected().size());
    Answer a = r.rejected().get(0);
    assertRejected(a, "q-1", "*", "10000 distinct cameras; at most 64");
    // Every problem is named at once, so the client fixes them in one round.
    assertTrue(
        a.getError().contains("question is empty") && a.getError().contains("max_new_tokens"),
        a.getError());
  }

  @Test
  void sixtyFourDistinctCamerasAreFineEvenWithDuplicates() throws Exception {
    List<String> cams = new ArrayList<>();
    for (int i = 0; i < 128; i++) {
      cams.add("cam-" + (i % 64));
    }
    assertEquals(64, run(query("q-1", cams)).accepted().size());
  }

  @Test
  void undecodableBytesAreDeadLetters() {
    UndecodableRecordException e =
        assertThrows(
            UndecodableRecordException.class,
            () -> fanOut.fanOut("{\"question\":\"hi\"}".getBytes(StandardCharsets.UTF_8), NOW));
    assertEquals(Reason.NOT_AVRO, e.reason());
    byte[] v = value(query("q-1", List.of("cam-1")));
    assertEquals(
        Reason.TRUNCATED,
        assertThrows(
                UndecodableRecordException.class,
                () -> fanOut.fanOut(Arrays.copyOf(v, v.length - 4), NOW))
            .reason());
    assertEquals(
        Reason.NOT_AVRO,
        assertThrows(UndecodableRecordException.class, () -> fanOut.fanOut((byte[]) null, NOW))
            .reason());
  }

  @Test
  void unaddressableQueryIdIsDeadLettered() {
    assertEquals(
        Reason.MALFORMED,
        assertThrows(UndecodableRecordException.class, () -> run(query(" ", List.of("cam-1"))))
            .reason());
    assertEquals(
        Reason.MALFORMED,
        assertThrows(
                UndecodableRecordException.class,
                () -> run(query("q".repeat(257), List.of("cam-1"))))
            .reason());
  }
}
