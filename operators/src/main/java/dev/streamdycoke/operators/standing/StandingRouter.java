package dev.streamdycoke.operators.standing;

import dev.streamdycoke.operators.records.Answers;
import dev.streamdycoke.operators.records.CameraQuery;
import dev.streamdycoke.operators.records.FrameTokens;
import dev.streamdycoke.operators.retire.CameraIdleTracker;
import dev.streamdycoke.operators.retire.IdleTimeout;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Delivers standing questions to the cameras, keyed by camera next to the answer operator: every
 * registration and cancel is broadcast to all subtasks and kept in broadcast state, and each
 * subtask turns it into per-camera {@link CameraQuery} registrations and cancels for the cameras it
 * owns. A camera that has not been seen yet gets the registrations that cover it (its own id, or
 * {@code "*"}) at its first frame, which is how a wildcard reaches cameras that appear later.
 *
 * <p>Keyed state remembers which questions each camera was given, so a cancel reaches exactly
 * those; the registry and that memory are checkpointed together and rescale with the job. That
 * memory goes with the question (cancel, expiry) and with the camera: a camera retired for idleness
 * ({@link IdleTimeout}, as the answer operator retires it and drops its questions) is forgotten
 * here too, and if it comes back it is a new camera that gets the registrations covering it again.
 *
 * <p>Answers that concern a question as a whole (REJECTED for too many questions in the job or a
 * duplicate id, REJECTED for a cancel of an unknown id, and the CANCELLED acknowledgement of a
 * cancel, all for camera {@code "*"}) are written by subtask 0 only, to {@link #ANSWERS}: every
 * subtask sees the same broadcast records in the same order and reaches the same verdict.
 */
public class StandingRouter
    extends KeyedBroadcastProcessFunction<String, FrameTokens, StandingControl, CameraQuery> {
  private static final long serialVersionUID = 1L;

  /** Broadcast state: registered standing questions by query id. */
  public static final MapStateDescriptor<String, StandingControl> REGISTRY =
      new MapStateDescriptor<>(
          "standing-registry", Types.STRING, TypeInformation.of(StandingControl.class));

  /** Answers about a question as a whole, for the answers topic. */
  public static final OutputTag<Answer> ANSWERS =
      new OutputTag<>("standing-answers", TypeInformation.of(Answer.class));

  static final ValueStateDescriptor<Boolean> SEEN =
      new ValueStateDescriptor<>("standing-camera-seen", Types.BOOLEAN);
  static final MapStateDescriptor<String, Boolean> DELIVERED =
      new MapStateDescriptor<>("standing-delivered", Types.STRING, Types.BOOLEAN);

  private final StandingLimits limits;
  private final IdleTimeout idleTimeout;

  private transient CameraIdleTracker idle;
  private transient ValueState<Boolean> seen;
  private transient MapState<String, Boolean> delivered;
  private transient Counter registered;
  private transient Counter cancelled;
  private transient Counter rejected;

  /** Cameras never retired. */
  public StandingRouter(StandingLimits limits) {
    this(limits, IdleTimeout.never());
  }

  public StandingRouter(StandingLimits limits, IdleTimeout idleTimeout) {
    this.limits = limits;
    this.idleTimeout = idleTimeout;
  }

  @Override
  public void open(OpenContext openContext) {
    seen = getRuntimeContext().getState(SEEN);
    delivered = getRuntimeContext().getMapState(DELIVERED);
    idle =
        new CameraIdleTracker(
            idleTimeout, getRuntimeContext().getState(CameraIdleTracker.stateDescriptor()));
    registered = getRuntimeContext().getMetricGroup().counter("standingRegistered");
    cancelled = getRuntimeContext().getMetricGroup().counter("standingCancelled");
    rejected = getRuntimeContext().getMetricGroup().counter("standingRejected");
  }

  @Override
  public void processElement(FrameTokens tokens, ReadOnlyContext ctx, Collector<CameraQuery> out)
      throws Exception {
    idle.frameSeen(
        ctx.timerService().currentProcessingTime(),
        tokens.captureTime,
        ctx.timerService()::registerProcessingTimeTimer);
    if (seen.value() != null) {
      return;
    }
    seen.update(true);
    String camera = ctx.getCurrentKey();
    List<Map.Entry<String, StandingControl>> registry = new ArrayList<>();
    ctx.getBroadcastState(REGISTRY).immutableEntries().forEach(registry::add);
    // Query id order, so a replay delivers in the same order.
    registry.sort(Map.Entry.comparingByKey());
    for (Map.Entry<String, StandingControl> e : registry) {
      if (e.getValue().covers(camera)) {
        delivered.put(e.getKey(), true);
        out.collect(registration(e.getValue(), camera));
      }
    }
  }

  /** The current camera's idle timer: a retired camera's deliveries are forgotten. */
  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<CameraQuery> out)
      throws Exception {
    if (idle.timerFired(
            timestamp,
            ctx.timerService().currentWatermark(),
            ctx.timerService()::registerProcessingTimeTimer)
        == IdleTimeout.Verdict.RETIRE) {
      seen.clear();
      delivered.clear();
    }
  }

  @Override
  public void processBroadcastElement(
      StandingControl control, Context ctx, Collector<CameraQuery> out) throws Exception {
    BroadcastState<String, StandingControl> registry = ctx.getBroadcastState(REGISTRY);
    boolean reporter = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
    long now = control.receivedAt;
    if (control.cancel) {
      StandingControl known = registry.get(control.queryId);
      if (known == null) {
        if (reporter) {
          rejected.inc();
          ctx.output(
              ANSWERS,
              whole(
                  control.queryId,
                  "",
                  AnswerStatus.REJECTED,
                  "cancel of query_id "
                      + Answers.echo(control.queryId, Answers.ECHO_CHARS)
                      + ": no standing question with that id is registered",
                  now));
        }
        return;
      }
      registry.remove(control.queryId);
      ctx.applyToKeyedState(
          SEEN,
          (camera, state) -> {
            if (delivered.contains(control.queryId)) {
              delivered.remove(control.queryId);
              out.collect(CameraQuery.cancelOf(control.queryId, camera, now));
            }
          });
      if (reporter) {
        cancelled.inc();
        ctx.output(
            ANSWERS,
            whole(
                control.queryId,
                known.question,
                AnswerStatus.CANCELLED,
                "cancel received; each camera the question was active on answers CANCELLED too",
                now));
      }
      return;
    }
    String problem = registrationProblem(registry, control, ctx);
    if (problem != null) {
      if (reporter) {
        rejected.inc();
        ctx.output(
            ANSWERS, whole(control.queryId, control.question, AnswerStatus.REJECTED, problem, now));
      }
      return;
    }
    registry.put(control.queryId, control);
    if (reporter) {
      registered.inc();
    }
    ctx.applyToKeyedState(
        SEEN,
        (camera, state) -> {
          if (control.covers(camera)) {
            delivered.put(control.queryId, true);
            out.collect(registration(control, camera));
          }
        });
  }

  private String registrationProblem(
      BroadcastState<String, StandingControl> registry, StandingControl control, Context ctx)
      throws Exception {
    if (registry.contains(control.queryId)) {
      return "a standing question with query_id "
          + Answers.echo(control.queryId, Answers.ECHO_CHARS)
          + " is already registered; cancel it first";
    }
    // Expired questions end on their cameras by themselves; here they give back their job slot.
    List<String> expired = new ArrayList<>();
    int active = 0;
    for (Map.Entry<String, StandingControl> e : registry.entries()) {
      if (e.getValue().expiredBy(control.receivedAt)) {
        expired.add(e.getKey());
      } else {
        active++;
      }
    }
    for (String id : expired) {
      registry.remove(id);
    }
    if (!expired.isEmpty()) {
      // The cameras ended those questions themselves; only the memory of the delivery is left.
      ctx.applyToKeyedState(
          SEEN,
          (camera, state) -> {
            for (String id : expired) {
              delivered.remove(id);
            }
          });
    }
    if (active >= limits.maxPerJob()) {
      return "the job already has " + active + " standing questions, its limit";
    }
    return null;
  }

  private static CameraQuery registration(StandingControl c, String camera) {
    return new CameraQuery(
            c.queryId, camera, c.question, c.issuedAt, c.receivedAt, c.maxNewTokens, null)
        .standing(c.rule);
  }

  private static Answer whole(
      String queryId, String question, AnswerStatus status, String why, long now) {
    return Answers.error(
        queryId,
        StandingControl.ALL_CAMERAS,
        Answers.echo(question == null ? "" : question, Answers.ECHO_CHARS),
        status,
        why,
        now);
  }
}
