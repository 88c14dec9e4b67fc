package dev.streamdycoke.cli;

import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import java.util.Locale;

/** One line per answer, for people watching a terminal. */
final class AnswerFormat {
  private AnswerFormat() {}

  /**
   * @param capacity the job's cache capacity C, to show how full the camera's cache is
   */
  static String line(Answer a, int capacity) {
    if (a.getEventNumber() != null) {
      return event(a);
    }
    if (a.getStatus() != AnswerStatus.OK) {
      return String.format(
          Locale.ROOT,
          "[%s] %s %s: %s",
          a.getCameraId(),
          a.getQueryId(),
          a.getStatus(),
          a.getError());
    }
    return String.format(
        Locale.ROOT,
        "[%s] %s \"%s\" -> \"%s\"  (%s, frame %d, %d tokens kept = %.1f%% of frames %d-%d, cache %d%% full, attended %d, first token %.0f ms)",
        a.getCameraId(),
        a.getQueryId(),
        a.getQuestion(),
        a.getAnswer().strip(),
        sceneAge(a),
        a.getAnsweredAtSeq(),
        a.getVisualTokens(),
        100 * a.getRetainedRatio(),
        a.getFirstSeq(),
        a.getLastSeq(),
        100 * a.getVisualTokens() / Math.max(1, capacity),
        a.getTokensAttended(),
        a.getTimings().getFirstTokenMs());
  }

  /** A standing question's event: what changed, on which frame, as of when. */
  static String event(Answer a) {
    return String.format(
        Locale.ROOT,
        "[%s] %s event %d: \"%s\"%s  (frame %d, captured %s, %s)",
        a.getCameraId(),
        a.getQueryId(),
        a.getEventNumber(),
        a.getAnswer().strip(),
        a.getPreviousAnswer() == null ? "" : " (was \"" + a.getPreviousAnswer().strip() + "\")",
        a.getAnsweredAtSeq(),
        a.getNewestCaptureTime() == null ? "?" : a.getNewestCaptureTime(),
        sceneAge(a));
  }

  /**
   * How old the described scene was when answered; first in the brackets, it is what a watcher
   * checks first.
   */
  static String sceneAge(Answer a) {
    Long staleness = a.getStalenessMs();
    if (staleness == null) {
      return "scene age unknown";
    }
    return String.format(Locale.ROOT, "scene %.1f s old", staleness / 1000.0);
  }
}
