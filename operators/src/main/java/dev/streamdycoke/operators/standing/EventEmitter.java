package dev.streamdycoke.operators.standing;

import java.util.Objects;

/**
 * Turns one evaluation's answer into an event or not: EVERY emits each; ON_CHANGE emits an answer
 * that differs from the last one emitted once it has come out {@code hold} evaluations in a row,
 * because a model's answer can flicker between frames. The first answer is always a change.
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

  /** Whether the question has had all the events it asked for. */
  public static boolean exhausted(StandingQuestion q) {
    return q.rule.maxEvents != null && q.eventNumber >= q.rule.maxEvents;
  }
}
