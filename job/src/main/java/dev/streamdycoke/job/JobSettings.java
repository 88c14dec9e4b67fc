package dev.streamdycoke.job;

import dev.streamdycoke.operators.ModelSpec;
import dev.streamdycoke.operators.answer.AnswerConfig;
import dev.streamdycoke.operators.decode.FrameLimits;
import dev.streamdycoke.operators.encode.BatchPolicy;
import dev.streamdycoke.operators.gate.ChangeGateConfig;
import dev.streamdycoke.operators.query.QueryLimits;
import dev.streamdycoke.operators.shed.FrameShedder;
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
    Duration maxFrameAge)
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
    shedder(maxFrameAge);
  }

  /** Defaults of docs/algorithms.md section 8 for the given checkpoint. */
  public static JobSettings defaults(ModelSpec model) {
    return new JobSettings(model, TtmConfig.defaults(), BatchPolicy.defaults(), AnswerConfig.defaults(),
        FrameLimits.defaults(), QueryLimits.defaults(), Duration.ofMillis(DEFAULT_CHECKPOINT_INTERVAL_MS),
        ChangeGateConfig.defaults(), Duration.ofMillis(FrameShedder.DEFAULT_MAX_AGE_MILLIS));
  }

  public JobSettings withAnswering(AnswerConfig newAnswering) {
    return new JobSettings(model, ttm, batching, newAnswering, frameLimits, queryLimits, checkpointInterval,
        gate, maxFrameAge);
  }

  public JobSettings withCheckpointInterval(Duration interval) {
    return new JobSettings(model, ttm, batching, answering, frameLimits, queryLimits, interval,
        gate, maxFrameAge);
  }

  /**
   * No change gate and no shedding: every frame is encoded, however alike or late. For tests and
   * benchmarks that count frames or compare against runs without them.
   */
  public JobSettings withEveryFrameEncoded() {
    return new JobSettings(model, ttm, batching, answering, frameLimits, queryLimits, checkpointInterval,
        ChangeGateConfig.off(), Duration.ZERO);
  }

  /** The age bound as the operators take it. */
  public FrameShedder shedder() {
    return shedder(maxFrameAge);
  }

  private static FrameShedder shedder(Duration maxFrameAge) {
    return new FrameShedder(maxFrameAge.toMillis());
  }
}
