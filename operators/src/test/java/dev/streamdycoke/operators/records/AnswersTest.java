package dev.streamdycoke.operators.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import org.junit.jupiter.api.Test;

class AnswersTest {

  @Test
  void errorAnswerCoversNoFrames() {
    CameraQuery q = new CameraQuery("q-1", "cam-1", "Anyone there?", 10L, 20L, 32, null);
    Answer a = Answers.error(q, AnswerStatus.NO_FRAMES, "no frames yet", 1_000L);
    assertEquals("q-1", a.getQueryId());
    assertEquals("cam-1", a.getCameraId());
    assertEquals("Anyone there?", a.getQuestion());
    assertEquals("", a.getAnswer());
    assertEquals(AnswerStatus.NO_FRAMES, a.getStatus());
    assertEquals("no frames yet", a.getError());
    assertEquals(1_000L, a.getAnsweredAt().toEpochMilli());
    assertEquals(-1L, a.getAnsweredAtSeq());
    assertEquals(-1L, a.getFirstSeq());
    assertEquals(-1L, a.getLastSeq());
    assertEquals(0, a.getVisualTokens());
    assertEquals(0, a.getTokensAttended());
    assertEquals(0.0, a.getRetainedRatio());
    assertEquals(0.0, a.getTimings().getQueueMs());
    assertEquals(0.0, a.getTimings().getDecodeMs());
  }

  @Test
  void okIsNoErrorStatus() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Answers.error("q", "c", "?", AnswerStatus.OK, "fine", 0L));
  }

  @Test
  void echoTruncatesByCodePointsWithoutSplittingPairs() {
    assertEquals("short", Answers.echo("short", 200));
    assertEquals("abc\u2026", Answers.echo("abcdef", 3));
    String emoji = "\uD83D\uDE00"; // one code point, two chars
    assertEquals(emoji.repeat(2) + "\u2026", Answers.echo(emoji.repeat(5), 2));
    assertEquals(emoji.repeat(2), Answers.echo(emoji.repeat(2), 3));
    String huge = "x".repeat(10_000_000);
    assertEquals(201, Answers.echo(huge, 200).length());
    assertEquals("", Answers.echo(null, 5));
  }
}
