package dev.streamdycoke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import dev.streamdycoke.schemas.AnswerTimings;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AnswerFormatTest {
  private static final Instant ANSWERED = Instant.ofEpochMilli(1_767_225_600_000L);

  private static Answer.Builder ok() {
    return Answer.newBuilder()
        .setQueryId("q-1")
        .setCameraId("cam-01")
        .setQuestion("Is anyone there?")
        .setAnswer("yes ")
        .setStatus(AnswerStatus.OK)
        .setAnsweredAt(ANSWERED)
        .setAnsweredAtSeq(42)
        .setFirstSeq(10)
        .setLastSeq(41)
        .setVisualTokens(512)
        .setTokensAttended(256)
        .setRetainedRatio(0.25)
        .setTimings(new AnswerTimings(1.0, 2.0, 30.0, 4.0));
  }

  @Test
  void anAnswerSaysHowOldItsSceneIs() {
    String line =
        AnswerFormat.line(
            ok().setNewestCaptureTime(ANSWERED.minusMillis(1_250)).setStalenessMs(1_250L).build(),
            1024);
    assertTrue(
        line.startsWith(
            "[cam-01] q-1 \"Is anyone there?\" -> \"yes\"  (scene 1.3 s old, frame 42,"),
        line);
  }

  @Test
  void anAnswerFromAnOlderProducerHasNoAge() {
    assertEquals("scene age unknown", AnswerFormat.sceneAge(ok().build()));
  }
}
