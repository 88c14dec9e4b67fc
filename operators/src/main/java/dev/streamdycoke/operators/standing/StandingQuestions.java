package dev.streamdycoke.operators.standing;

import dev.streamdycoke.operators.records.Answers;
import dev.streamdycoke.operators.records.CameraQuery;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The standing questions of the current camera, in the answer operator's keyed state, and what
 * happens to them on registration, cancel and each frame. Evaluation order depends on state only
 * (longest waiting, then query id), so a replay after a restore asks the model in the same order
 * (answers feed the cache's scores).
 *
 * <p>Metrics: {@code standingEvaluations}, {@code standingEvaluationsDeferred} (over the
 * per-subtask budget; the question is due again on the next frame), {@code standingEvents}, {@code
 * standingRejected}.
 */
public final class StandingQuestions {
  /** Name of the keyed map state: query id to {@link StandingQuestion}. */
  public static final String STATE = "standing-questions";

  /** What a frame did to the camera's context. */
  public enum FrameEffect {
    /** Its tokens entered the context: the due questions are evaluated. */
    CHANGED,
    /**
     * The change gate skipped it as unchanged: the context, so each answer, is the last one. Not
     * evaluated, but it counts towards a pending change's hold ({@link EventEmitter#repeated}).
     */
    UNCHANGED,
    /** A frame the context already holds (a replay): it counts for expiry only. */
    REPLAYED
  }

  /** Evaluates a question against the camera's context as it stands now. */
  @FunctionalInterface
  public interface Evaluator {
    Answer answer(CameraQuery query) throws Exception;
  }

  private final MapState<String, StandingQuestion> state;
  private final StandingLimits limits;
  private final EvaluationBudget budget;
  private final Counter evaluations;
  private final Counter deferred;
  private final Counter events;
  private final Counter rejected;

  public StandingQuestions(
      MapState<String, StandingQuestion> state, StandingLimits limits, MetricGroup metrics) {
    this.state = state;
    this.limits = limits;
    this.budget = new EvaluationBudget(limits.evaluationsPerSecond());
    this.evaluations = metrics.counter("standingEvaluations");
    this.deferred = metrics.counter("standingEvaluationsDeferred");
    this.events = metrics.counter("standingEvents");
    this.rejected = metrics.counter("standingRejected");
  }

  public static MapStateDescriptor<String, StandingQuestion> descriptor() {
    return new MapStateDescriptor<>(
        STATE, Types.STRING, TypeInformation.of(StandingQuestion.class));
  }

  /** Registers a standing question on the camera; a REJECTED answer when the camera is full. */
  public List<Answer> register(CameraQuery q, long now) throws Exception {
    if (state.contains(q.queryId)) {
      // Delivered twice (a registration broadcast while the camera's first frame delivered it):
      // the first one stands.
      return List.of();
    }
    int active = 0;
    for (String ignored : state.keys()) {
      active++;
    }
    if (active >= limits.maxPerCamera()) {
      rejected.inc();
      return List.of(
          Answers.error(
              q,
              AnswerStatus.REJECTED,
              "camera "
                  + q.cameraId
                  + " already has "
                  + active
                  + " standing questions, the limit per camera",
              now));
    }
    state.put(
        q.queryId,
        StandingQuestion.of(q.queryId, q.question, q.issuedAt, q.maxNewTokens, q.standing));
    return List.of();
  }

  /** Stops a question on the camera: its final CANCELLED answer, or nothing if it was not here. */
  public List<Answer> cancel(CameraQuery q, long now) throws Exception {
    StandingQuestion question = state.get(q.queryId);
    if (question == null) {
      return List.of();
    }
    state.remove(q.queryId);
    return List.of(
        Answers.error(
            q.queryId,
            q.cameraId,
            question.question,
            AnswerStatus.CANCELLED,
            "cancelled after " + question.eventNumber + " events",
            now));
  }

  /**
   * The camera was retired for idleness: its questions end there, each with an ENDED answer, and
   * its state goes. The standing router forgets the camera too, so if it comes back the questions
   * covering it start on it afresh, numbering from 1.
   */
  public List<Answer> retire(String camera, long now) throws Exception {
    List<Answer> out = new ArrayList<>();
    for (StandingQuestion q : state.values()) {
      out.add(ended(q, camera, "camera retired, no frame for the idle timeout", now));
    }
    out.sort(Comparator.comparing((Answer a) -> a.getQueryId().toString()));
    state.clear();
    return out;
  }

  /**
   * A frame of the camera arrived: ends expired questions, and evaluates the due ones if the frame
   * changed the context.
   *
   * @param effect whether the frame changed the context; an unchanged or replayed one is not
   *     scheduled, as it cannot change an answer, but it does end an expired question
   * @param now job clock, for answered_at and the evaluation budget
   */
  public List<Answer> onFrame(
      String camera, long captureTime, FrameEffect effect, long now, Evaluator evaluator)
      throws Exception {
    if (state.isEmpty()) {
      return List.of();
    }
    List<StandingQuestion> questions = new ArrayList<>();
    state.values().forEach(questions::add);
    // Longest waiting first, so a question deferred over the budget is not starved by the others;
    // then by id, so a replay evaluates in the same order.
    questions.sort(
        Comparator.comparingInt((StandingQuestion q) -> -q.framesSinceEvaluation)
            .thenComparing(q -> q.queryId));
    List<Answer> out = new ArrayList<>();
    for (StandingQuestion q : questions) {
      String id = q.queryId;
      if (q.rule.expiresAt != null && captureTime >= q.rule.expiresAt) {
        state.remove(id);
        out.add(ended(q, camera, "expired at " + Instant.ofEpochMilli(q.rule.expiresAt), now));
        continue;
      }
      if (effect == FrameEffect.REPLAYED) {
        continue;
      }
      boolean due =
          effect == FrameEffect.CHANGED
              ? StandingSchedule.frameArrived(q, captureTime)
              // The last answer repeated: evaluated only when that completes a pending hold, so
              // that the event carries this frame's answer record.
              : EventEmitter.repeated(q);
      if (!due) {
        state.put(id, q);
        continue;
      }
      if (!budget.tryAcquire(now)) {
        // Deferred, not lost: the question stays due and is tried again on the next frame.
        deferred.inc();
        state.put(id, q);
        continue;
      }
      evaluations.inc();
      StandingSchedule.evaluated(q, captureTime);
      Answer answer =
          evaluator.answer(
              new CameraQuery(id, camera, q.question, q.issuedAt, now, q.maxNewTokens, null));
      EventEmitter.Event event =
          answer.getStatus() == AnswerStatus.OK
              ? EventEmitter.evaluated(q, answer.getAnswer())
              : null;
      if (event != null) {
        events.inc();
        out.add(
            Answer.newBuilder(answer)
                .setEventNumber(event.number())
                .setPreviousAnswer(event.previous())
                .build());
      }
      if (EventEmitter.exhausted(q)) {
        state.remove(id);
        out.add(ended(q, camera, "reached max_events " + q.rule.maxEvents, now));
      } else {
        state.put(id, q);
      }
    }
    return out;
  }

  private static Answer ended(StandingQuestion q, String camera, String why, long now) {
    return Answers.error(
        q.queryId,
        camera,
        q.question,
        AnswerStatus.ENDED,
        why + " after " + q.eventNumber + " events",
        now);
  }
}
