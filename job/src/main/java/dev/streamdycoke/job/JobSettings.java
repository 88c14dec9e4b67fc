package dev.streamdycoke.job;

import dev.streamdycoke.operators.ModelSpec;
import dev.streamdycoke.operators.answer.AnswerConfig;
import dev.streamdycoke.operators.decode.FrameLimits;
import dev.streamdycoke.operators.encode.BatchPolicy;
import dev.streamdycoke.operators.gate.ChangeGateConfig;
import dev.streamdycoke.operators.query.QueryLimits;
import dev.streamdycoke.operators.retire.IdleTimeout;
import dev.streamdycoke.operators.shed.FrameShedder;
import dev.streamdycoke.operators.standing.StandingLimits;
import dev.streamdycoke.operators.ttm.TtmConfig;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the topology needs besides its sources and sinks.
 *
 * @param model the checkpoint every subtask loads, and the device
 * @param ttm temporal token merging mode and parameters
 * @param batching micro-batching of frames into the vision tower
 * @param answering token cache (C, A, policy), DP and session settings
 * @param frameLimits what a frame may be before it is dead-lettered
 * @param queryLimits what a query may be before it is rejected
 * @param checkpointInterval how often Flink checkpoints; answers become visible to read_committed
 *     consumers when the checkpoint that covers them completes
 * @param gate when a frame unchanged since its camera's last encoded one skips the vision tower
 * @param maxFrameAge frames older than this are shed before decoding and before encoding; zero
 *     turns shedding off (docs/faults-and-load.md)
 * @param cameraIdleTimeout a camera that sends no frame for this long is retired: its keyed state
 *     is cleared in every keyed operator and its model session closed; zero never retires
 * @param standing how many standing questions there may be and how many evaluations a subtask runs
 *     per second (docs/standing-questions.md)
 */
public record JobSettings(
    ModelSpec model,
    TtmConfig ttm,
    BatchPolicy batching,
    AnswerConfig answering,
    FrameLimits frameLimits,
    QueryLimits queryLimits,
    Duration checkpointInterval,
    ChangeGateConfig gate,
    Duration maxFrameAge,
    Duration cameraIdleTimeout,
    StandingLimits standing)
    implements Serializable {
  /** Answers become visible to read_committed readers at this pace. */
  public static final long DEFAULT_CHECKPOINT_INTERVAL_MS = 2000;

  public JobSettings {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(ttm, "ttm");
    Objects.requireNonNull(batching, "batching");
    Objects.requireNonNull(answering, "answering");
    Objects.requireNonNull(frameLimits, "frameLimits");
    Objects.requireNonNull(queryLimits, "queryLimits");
    Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(maxFrameAge, "maxFrameAge");
    Objects.requireNonNull(cameraIdleTimeout, "cameraIdleTimeout");
    Objects.requireNonNull(standing, "standing");
    shedder(maxFrameAge);
    idleTimeout(cameraIdleTimeout);
  }

  /** Defaults of docs/algorithms.md section 8 for the given checkpoint. */
  public static JobSettings defaults(ModelSpec model) {
    return new JobSettings(
        model,
        TtmConfig.defaults(),
        BatchPolicy.defaults(),
        AnswerConfig.defaults(),
        FrameLimits.defaults(),
        QueryLimits.defaults(),
        Duration.ofMillis(DEFAULT_CHECKPOINT_INTERVAL_MS),
        ChangeGateConfig.defaults(),
        Duration.ofMillis(FrameShedder.DEFAULT_MAX_AGE_MILLIS),
        Duration.ofMillis(IdleTimeout.DEFAULT_TIMEOUT_MILLIS),
        StandingLimits.defaults());
  }

  public JobSettings withAnswering(AnswerConfig newAnswering) {
    return new JobSettings(
        model,
        ttm,
        batching,
        newAnswering,
        frameLimits,
        queryLimits,
        checkpointInterval,
        gate,
        maxFrameAge,
        cameraIdleTimeout,
        standing);
  }

  public JobSettings withCheckpointInterval(Duration interval) {
    return new JobSettings(
        model,
        ttm,
        batching,
        answering,
        frameLimits,
        queryLimits,
        interval,
        gate,
        maxFrameAge,
        cameraIdleTimeout,
        standing);
  }

  /**
   * No change gate and no shedding: every frame is encoded, however alike or late. For tests and
   * benchmarks that count frames or compare against runs without them.
   */
  public JobSettings withEveryFrameEncoded() {
    return new JobSettings(
        model,
        ttm,
        batching,
        answering,
        frameLimits,
        queryLimits,
        checkpointInterval,
        ChangeGateConfig.off(),
        Duration.ZERO,
        cameraIdleTimeout,
        standing);
  }

  /** The same settings with the age bound on frames replaced. */
  public JobSettings withMaxFrameAge(Duration age) {
    return new JobSettings(
        model,
        ttm,
        batching,
        answering,
        frameLimits,
        queryLimits,
        checkpointInterval,
        gate,
        age,
        cameraIdleTimeout,
        standing);
  }

  /** The same settings with another idle timeout; zero never retires a camera. */
  public JobSettings withCameraIdleTimeout(Duration timeout) {
    return new JobSettings(
        model,
        ttm,
        batching,
        answering,
        frameLimits,
        queryLimits,
        checkpointInterval,
        gate,
        maxFrameAge,
        timeout,
        standing);
  }

  /** The same settings with other limits on standing questions. */
  public JobSettings withStanding(StandingLimits limits) {
    return new JobSettings(
        model,
        ttm,
        batching,
        answering,
        frameLimits,
        queryLimits,
        checkpointInterval,
        gate,
        maxFrameAge,
        cameraIdleTimeout,
        limits);
  }

  /** The age bound as the operators take it. */
  public FrameShedder shedder() {
    return shedder(maxFrameAge);
  }

  /** The idle timeout as the keyed operators take it. */
  public IdleTimeout idleTimeout() {
    return idleTimeout(cameraIdleTimeout);
  }

  private static IdleTimeout idleTimeout(Duration timeout) {
    return new IdleTimeout(timeout.toMillis());
  }

  private static FrameShedder shedder(Duration maxFrameAge) {
    return new FrameShedder(maxFrameAge.toMillis());
  }
}
