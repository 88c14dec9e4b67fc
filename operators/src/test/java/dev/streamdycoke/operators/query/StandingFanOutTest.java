package dev.streamdycoke.operators.query;

import static dev.streamdycoke.operators.query.TestQueries.ISSUED_MS;
import static dev.streamdycoke.operators.query.TestQueries.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.operators.standing.StandingControl;
import dev.streamdycoke.schemas.AnswerStatus;
import dev.streamdycoke.schemas.Query;
import dev.streamdycoke.schemas.StandingEmit;
import dev.streamdycoke.schemas.StandingSpec;
import dev.streamdycoke.schemas.UndecodableRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StandingFanOutTest {
  private static final long NOW = ISSUED_MS + 5;
  private final QueryFanOut fanOut = new QueryFanOut(QueryLimits.defaults());

  private static Query standing(List<String> cameras, StandingSpec spec) {
    return Query.newBuilder(query("watch-1", cameras)).setStanding(spec).build();
  }

  @Test
  void aStandingQueryBecomesOneRegistrationNotPerCameraWork() throws Exception {
    StandingSpec spec =
        StandingSpec.newBuilder().setEmit(StandingEmit.EVERY).setMaxEvents(3).build();
    QueryFanOut.Result r =
        fanOut.fanOutDecoded(standing(List.of("cam-1", "cam-2", "cam-1"), spec), NOW);
    assertEquals(List.of(), r.accepted());
    assertEquals(List.of(), r.rejected());
    StandingControl c = r.standing();
    assertEquals("watch-1", c.queryId);
    assertEquals(List.of("cam-1", "cam-2"), c.cameraIds);
    assertTrue(c.rule.emitEvery);
    assertEquals(3L, c.rule.maxEvents);
    assertEquals(NOW, c.receivedAt);
  }

  @Test
  void aWildcardAmongOtherCamerasMeansEveryCamera() throws Exception {
    QueryFanOut.Result r =
        fanOut.fanOutDecoded(
            standing(List.of("cam-1", "*"), StandingSpec.newBuilder().build()), NOW);
    assertEquals(List.of("*"), r.standing().cameraIds);
    assertTrue(r.standing().covers("a-camera-from-tomorrow"));
  }

  @Test
  void badSpecsAreRejectedOnceWithEveryReason() throws Exception {
    StandingSpec bad =
        StandingSpec.newBuilder()
            .setEveryFrames(0)
            .setHold(0)
            .setMinIntervalMs(-1L)
            .setMaxEvents(0)
            .setExpiresAt(Instant.ofEpochMilli(NOW - 1000))
            .build();
    QueryFanOut.Result r = fanOut.fanOutDecoded(standing(List.of("cam-1", "cam-2"), bad), NOW);
    assertNull(r.standing());
    assertEquals(1, r.rejected().size());
    assertEquals(AnswerStatus.REJECTED, r.rejected().get(0).getStatus());
    assertEquals("*", r.rejected().get(0).getCameraId());
    String why = r.rejected().get(0).getError();
    for (String part :
        List.of("every_frames 0", "hold 0", "min_interval_ms -1", "max_events 0", "expires_at")) {
      assertTrue(why.contains(part), why);
    }
  }

  @Test
  void aWildcardWithAnAbsurdNIsRejected() throws Exception {
    QueryFanOut.Result r =
        fanOut.fanOutDecoded(
            standing(
                List.of("*"), StandingSpec.newBuilder().setEveryFrames(Integer.MAX_VALUE).build()),
            NOW);
    assertNull(r.standing());
    assertTrue(
        r.rejected().get(0).getError().contains("every_frames 2147483647 is outside 1..100000"),
        r.rejected().get(0).getError());
  }

  @Test
  void aKeyedTombstoneIsACancelAndAnUnkeyedOneADeadLetter() throws Exception {
    QueryFanOut.Result r = fanOut.fanOut("watch-1".getBytes(StandardCharsets.UTF_8), null, NOW);
    assertTrue(r.standing().cancel);
    assertEquals("watch-1", r.standing().queryId);
    assertEquals(List.of(), r.accepted());
    assertThrows(UndecodableRecordException.class, () -> fanOut.fanOut(null, null, NOW));
    assertThrows(
        UndecodableRecordException.class,
        () -> fanOut.fanOut(" ".getBytes(StandardCharsets.UTF_8), null, NOW));
  }

  @Test
  void aOneShotQueryIsUnchanged() throws Exception {
    QueryFanOut.Result r = fanOut.fanOutDecoded(query("q", List.of("cam-1")), NOW);
    assertNull(r.standing());
    assertEquals(1, r.accepted().size());
    assertNull(r.accepted().get(0).standing);
    assertFalse(r.accepted().get(0).cancel);
  }
}
