package dev.streamdycoke.operators.standing;

import dev.streamdycoke.operators.records.Answers;
import dev.streamdycoke.operators.records.CameraQuery;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * {@link StandingQuestions} as the answer operator wires it, with a scripted model: each frame says
 * what the model would answer on it, so tests can script flicker and changes exactly.
 */
final class ScriptedStandingFunction
    extends KeyedCoProcessFunction<String, ScriptedStandingFunction.Frame, CameraQuery, Answer> {
  private static final long serialVersionUID = 1L;

  /** A frame of a camera and the answer the model gives on the context after it. */
  public static final class Frame {
    public String camera;
    public long captureTime;
    public String answer;
    public boolean changed = true;

    /** With changed false: a replay the context already holds, rather than a gate skip. */
    public boolean replayed;

    public Frame() {}

    Frame(String camera, long captureTime, String answer, boolean changed) {
      this.camera = camera;
      this.captureTime = captureTime;
      this.answer = answer;
      this.changed = changed;
    }
  }

  private final StandingLimits limits;
  private transient StandingQuestions standing;

  ScriptedStandingFunction(StandingLimits limits) {
    this.limits = limits;
  }

  @Override
  public void open(OpenContext openContext) {
    standing =
        new StandingQuestions(
            getRuntimeContext().getMapState(StandingQuestions.descriptor()),
            limits,
            getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement1(Frame frame, Context ctx, Collector<Answer> out) throws Exception {
    long now = ctx.timerService().currentProcessingTime();
    standing
        .onFrame(
            ctx.getCurrentKey(),
            frame.captureTime,
            frame.changed
                ? StandingQuestions.FrameEffect.CHANGED
                : frame.replayed
                    ? StandingQuestions.FrameEffect.REPLAYED
                    : StandingQuestions.FrameEffect.UNCHANGED,
            now,
            q -> ok(q, frame, now))
        .forEach(out::collect);
  }

  @Override
  public void processElement2(CameraQuery query, Context ctx, Collector<Answer> out)
      throws Exception {
    long now = ctx.timerService().currentProcessingTime();
    (query.cancel ? standing.cancel(query, now) : standing.register(query, now))
        .forEach(out::collect);
  }

  private static Answer ok(CameraQuery q, Frame frame, long now) {
    return Answer.newBuilder(
            Answers.error(q.queryId, q.cameraId, q.question, AnswerStatus.ERROR, "-", now))
        .setStatus(AnswerStatus.OK)
        .setError(null)
        .setAnswer(frame.answer)
        .setAnsweredAtSeq(frame.captureTime)
        .build();
  }
}
