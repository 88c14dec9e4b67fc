package dev.streamdycoke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import dev.streamdycoke.schemas.AnswerTimings;
import dev.streamdycoke.schemas.Query;
import dev.streamdycoke.schemas.StandingEmit;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class WatchCommandTest {

  private static WatchCommand parse(String... args) {
    WatchCommand watch = new WatchCommand();
    new CommandLine(watch).parseArgs(args);
    return watch;
  }

  @Test
  void defaultsWatchEveryCameraOnChange() {
    Query q = parse("is there a red car?").query("w-1");
    assertEquals(List.of("*"), q.getCameraIds());
    assertEquals(1, q.getStanding().getEveryFrames());
    assertEquals(StandingEmit.ON_CHANGE, q.getStanding().getEmit());
    assertEquals(1, q.getStanding().getHold());
    assertNull(q.getStanding().getExpiresAt());
    assertNull(q.getStanding().getMaxEvents());
  }

  @Test
  void optionsBecomeTheStandingSpec() {
    Query q =
        parse(
                "how many cars?",
                "-c",
                "cam-01,cam-02",
                "--every",
                "--every-frames",
                "5",
                "--min-interval",
                "2s",
                "--hold",
                "3",
                "--max-events",
                "10",
                "--for",
                "10m")
            .query("w-2");
    assertEquals(List.of("cam-01", "cam-02"), q.getCameraIds());
    assertEquals(StandingEmit.EVERY, q.getStanding().getEmit());
    assertEquals(5, q.getStanding().getEveryFrames());
    assertEquals(2000L, q.getStanding().getMinIntervalMs());
    assertEquals(3, q.getStanding().getHold());
    assertEquals(10, q.getStanding().getMaxEvents());
    assertTrue(q.getStanding().getExpiresAt().isAfter(Instant.now().plusSeconds(500)));
  }

  @Test
  void anEventLineSaysWhatChangedAndOnWhichFrame() {
    Answer event =
        Answer.newBuilder()
            .setQueryId("w-1")
            .setCameraId("cam-01")
            .setQuestion("is there a red car?")
            .setAnswer("yes")
            .setStatus(AnswerStatus.OK)
            .setAnsweredAt(Instant.ofEpochMilli(2_000))
            .setAnsweredAtSeq(42)
            .setFirstSeq(0)
            .setLastSeq(42)
            .setVisualTokens(10)
            .setTokensAttended(10)
            .setRetainedRatio(1.0)
            .setTimings(new AnswerTimings(0.0, 0.0, 0.0, 0.0))
            .setNewestCaptureTime(Instant.ofEpochMilli(1_000))
            .setStalenessMs(1_000L)
            .setEventNumber(2L)
            .setPreviousAnswer("no")
            .build();
    assertEquals(
        "[cam-01] w-1 event 2: \"yes\" (was \"no\")  (frame 42, captured 1970-01-01T00:00:01Z,"
            + " scene 1.0 s old)",
        AnswerFormat.line(event, 1024));
  }
}
