package dev.streamdycoke.operators.standing;

import java.util.Objects;

/**
 * Turns one evaluation's answer into an event or not: EVERY emits each; ON_CHANGE emits an answer
 * that differs from the last one emitted once it has come out {@code hold} evaluations in a row,
 * because a model's answer can flicker between frames. The first answer is always a change. A frame
 * the change gate skipped repeats the last answer and counts towards the hold ({@link #repeated}),
 * so that with the gate on, a hold of K still spans K frames.
 *
 * <p>Public so that the standing-alert benchmark scores the job's own emission logic.
 */
public final class EventEmitter {
  private EventEmitter() {}

  /** An event to emit: its number on the camera and the answer of the event before it. */
  public record Event(long number, String answer, String previous) {}

  /** Updates the question's hold and numbering; null when this evaluation is no event. */
  public static Event evaluated(StandingQuestion q, String answer) {
    if (!q.rule.emitEvery) {
      if (q.eventNumber > 0 && Objects.equals(answer, q.lastEmitted)) {
        // Back to the emitted answer: a pending change was a flicker.
        q.candidate = null;
        q.candidateCount = 0;
        return null;
      }
      if (Objects.equals(answer, q.candidate)) {
        q.candidateCount++;
      } else {
        q.candidate = answer;
        q.candidateCount = 1;
      }
      if (q.candidateCount < q.rule.hold) {
        return null;
      }
      q.candidate = null;
      q.candidateCount = 0;
    }
    Event event = new Event(q.eventNumber + 1, answer, q.lastEmitted);
    q.eventNumber = event.number();
    q.lastEmitted = answer;
    return event;
  }

  /**
   * A frame the change gate skipped as unchanged: the context, and so the answer, is the last one,
   * so the frame counts towards a pending change's hold as a repeat of that answer. Only for a
   * question due on every frame (every_frames 1, no min_interval), where the hold is K frames; with
   * a coarser schedule the hold counts evaluations.
   *
   * @return true when this frame completes the hold: the question is then evaluated on it, and that
   *     evaluation ({@link #evaluated}) adds the last count and emits the event
   */
  public static boolean repeated(StandingQuestion q) {
    if (q.rule.emitEvery
        || q.candidate == null
        || q.rule.everyFrames != 1
        || q.rule.minIntervalMs > 0) {
      return false;
    }
    if (q.candidateCount + 1 >= q.rule.hold) {
      return true;
    }
    q.candidateCount++;
    return false;
  }

  /** Whether the question has had all the events it asked for. */
  public static boolean exhausted(StandingQuestion q) {
    return q.rule.maxEvents != null && q.eventNumber >= q.rule.maxEvents;
  }
}
