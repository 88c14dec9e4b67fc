package dev.streamdycoke.operators.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.streamdycoke.operators.records.CameraQuery;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.Query;
import dev.streamdycoke.schemas.UndecodableRecordException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of the record decoding behind the queries topic (and the Avro codec the
 * frames topic shares) with Jazzer: {@link QueryFanOut#fanOut} either dead-letters the bytes with
 * {@link UndecodableRecordException} or returns at most one entry per distinct camera, within the
 * limits; any other exception or error is a finding. The first input byte picks whether the rest is
 * the whole value (even) or an Avro body behind a valid Query header (odd), so mutations reach the
 * body decoder and the fan-out's validation, not only the header check.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs as a regression test on the seeds; the operators build
 * also fuzzes it for a bounded time (operators/pom.xml, execution {@code fuzz-query-records}).
 */
class QueryRecordJazzerTest {
  private static final QueryLimits LIMITS = QueryLimits.defaults();
  private static final QueryFanOut FAN_OUT = new QueryFanOut(LIMITS);
  private static final byte[] HEADER =
      Arrays.copyOf(AvroCodec.queries().encode(seed()), AvroCodec.HEADER_SIZE);

  @FuzzTest(maxDuration = "20s")
  void fansOutOrDeadLetters(byte[] input) {
    byte[] value = value(input);
    QueryFanOut.Result result;
    try {
      result = FAN_OUT.fanOut(value, 1_000L);
    } catch (UndecodableRecordException e) {
      assertTrue(e.deadLetterReason().startsWith(e.reason() + ": "), e.deadLetterReason());
      return;
    }
    Set<String> cameras = new HashSet<>();
    for (CameraQuery q : result.accepted()) {
      assertTrue(cameras.add(q.cameraId), "camera answered twice: " + q.cameraId);
      assertTrue(q.question.codePointCount(0, q.question.length()) <= LIMITS.maxQuestionChars());
    }
    for (Answer a : result.rejected()) {
      assertEquals(AnswerStatus.REJECTED, a.getStatus());
      assertTrue(a.getError() != null && !a.getError().isBlank());
    }
    int entries = result.accepted().size() + result.rejected().size();
    assertTrue(entries <= LIMITS.maxCameras(), "fan-out bounded: " + entries);
    // The frames topic shares the codec: the same bytes never escape it untyped either.
    try {
      AvroCodec.frames().decode(value);
    } catch (UndecodableRecordException expected) {
      // the only way to say no
    }
  }

  @Test
  void seedModesReachTheFanOut() throws Exception {
    byte[] whole = AvroCodec.queries().encode(seed());
    assertEquals(2, FAN_OUT.fanOut(value(prefixed((byte) 0, whole)), 1_000L).accepted().size());
    byte[] body = Arrays.copyOfRange(whole, AvroCodec.HEADER_SIZE, whole.length);
    assertEquals(2, FAN_OUT.fanOut(value(prefixed((byte) 1, body)), 1_000L).accepted().size());
  }

  private static byte[] value(byte[] input) {
    if (input.length == 0) {
      return input;
    }
    byte[] rest = Arrays.copyOfRange(input, 1, input.length);
    return (input[0] & 1) == 0 ? rest : concat(HEADER, rest);
  }

  private static Query seed() {
    return Query.newBuilder()
        .setQueryId("q-1")
        .setCameraIds(List.of("cam-1", "cam-2"))
        .setQuestion("Is there a car?")
        .setIssuedAt(Instant.ofEpochMilli(1_000L))
        .setMaxNewTokens(8)
        .setDeadline(null)
        .build();
  }

  private static byte[] prefixed(byte mode, byte[] rest) {
    return concat(new byte[] {mode}, rest);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
