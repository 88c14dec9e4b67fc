package dev.streamdycoke.job.args;

import dev.streamdycoke.job.JobSettings;
import dev.streamdycoke.job.StateStorage;
import dev.streamdycoke.model.session.AnswerSettings;
import dev.streamdycoke.model.session.SessionOptions;
import dev.streamdycoke.operators.ModelSpec;
import dev.streamdycoke.operators.answer.AnswerConfig;
import dev.streamdycoke.operators.cache.EvictionPolicy;
import dev.streamdycoke.operators.cache.TokenCacheConfig;
import dev.streamdycoke.operators.decode.FrameLimits;
import dev.streamdycoke.operators.encode.BatchPolicy;
import dev.streamdycoke.operators.gate.ChangeGateConfig;
import dev.streamdycoke.operators.query.QueryLimits;
import dev.streamdycoke.operators.retire.IdleTimeout;
import dev.streamdycoke.operators.shed.FrameShedder;
import dev.streamdycoke.operators.standing.StandingLimits;
import dev.streamdycoke.operators.ttm.TtmConfig;
import dev.streamdycoke.operators.ttm.TtmMode;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The job's algorithm and runtime settings as command-line flags. Their defaults are the config
 * classes' constants (docs/algorithms.md section 8), never literals: JobOptionsDefaultsTest ties
 * the parsed defaults to {@link JobSettings#defaults}.
 */
public final class JobOptions {
  @Option(
      names = "--device",
      defaultValue = ModelSpec.DEFAULT_DEVICE,
      description = "cpu, auto, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(
      names = "--ttm-mode",
      defaultValue = TtmConfig.DEFAULT_MODE,
      description =
          "Temporal token merging: dycoke (fixed budget) or threshold (default: ${DEFAULT-VALUE}).")
  String ttmMode;

  @Option(
      names = "--ttm-k",
      defaultValue = "" + TtmConfig.DEFAULT_K,
      description =
          "dycoke: share of tokens pruned at window positions 1-3 (default: ${DEFAULT-VALUE}).")
  double ttmK;

  @Option(
      names = "--ttm-tau",
      defaultValue = "" + TtmConfig.DEFAULT_TAU,
      description =
          "threshold: similarity at or above which a token is pruned (default: ${DEFAULT-VALUE}).")
  double ttmTau;

  @Option(
      names = "--ttm-anchor-every",
      defaultValue = "" + TtmConfig.DEFAULT_ANCHOR_EVERY,
      description = "threshold: frames between whole anchor frames (default: ${DEFAULT-VALUE}).")
  int ttmAnchorEvery;

  @Option(
      names = "--cache-capacity",
      defaultValue = "" + TokenCacheConfig.DEFAULT_CAPACITY,
      description = "C: visual tokens kept per camera (default: ${DEFAULT-VALUE}).")
  int cacheCapacity;

  @Option(
      names = "--cache-active",
      defaultValue = "" + AnswerSettings.DEFAULT_ACTIVE_TOKENS,
      description = "A: visual tokens attended in pruned layers (default: ${DEFAULT-VALUE}).")
  int cacheActive;

  @Option(
      names = "--policy",
      defaultValue = TokenCacheConfig.DEFAULT_POLICY,
      description = "Eviction policy: fifo, lrr or decay (default: ${DEFAULT-VALUE}).")
  String policy;

  @Option(
      names = "--dp-layer",
      defaultValue = "" + AnswerSettings.DEFAULT_PRUNING_LAYER,
      description = "DP: first pruned layer L (default: ${DEFAULT-VALUE}).")
  int dpLayer;

  @Option(
      names = "--dp-ratio",
      defaultValue = "" + AnswerSettings.DEFAULT_PRUNE_RATIO,
      description =
          "DP: share P of visual tokens pruned while decoding, 0 for none (default: ${DEFAULT-VALUE}).")
  double dpRatio;

  @Option(
      names = "--max-new-tokens",
      defaultValue = "" + AnswerSettings.DEFAULT_MAX_NEW_TOKENS,
      description = "Cap on generated tokens per answer (default: ${DEFAULT-VALUE}).")
  int maxNewTokens;

  @Option(
      names = "--batch-size",
      defaultValue = "" + BatchPolicy.DEFAULT_MAX_SIZE,
      description = "Frames per vision-tower pass (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--batch-wait",
      defaultValue = BatchPolicy.DEFAULT_MAX_WAIT_MILLIS + "ms",
      converter = DurationConverter.class,
      description = "Longest a frame waits for its batch (default: ${DEFAULT-VALUE}).")
  Duration batchWait;

  @Option(
      names = "--change-threshold",
      defaultValue = "" + ChangeGateConfig.DEFAULT_THRESHOLD,
      description =
          "Change gate: grey-level change (0-255, above a noise floor of 4) of the most-changed block of a camera's frame since its last encoded frame below which the frame skips the vision tower; 0 encodes every frame (default: ${DEFAULT-VALUE}).")
  double changeThreshold;

  @Option(
      names = "--keyframe-every",
      defaultValue = "" + ChangeGateConfig.DEFAULT_KEYFRAME_EVERY,
      description =
          "Change gate: at least one frame in this many is encoded (default: ${DEFAULT-VALUE}).")
  int keyframeEvery;

  @Option(
      names = "--max-frame-age",
      defaultValue = FrameShedder.DEFAULT_MAX_AGE_MILLIS + "ms",
      converter = DurationConverter.class,
      description =
          "Frames older than this are shed before decoding and encoding; 0s never sheds (default: ${DEFAULT-VALUE}).")
  Duration maxFrameAge;

  @Option(
      names = "--camera-idle-timeout",
      defaultValue = IdleTimeout.DEFAULT_TIMEOUT_MILLIS + "ms",
      converter = DurationConverter.class,
      description =
          "A camera that sends no frame for this long has all its state cleared and its model session closed; 0s never retires (default: ${DEFAULT-VALUE}).")
  Duration cameraIdleTimeout;

  @Option(
      names = "--lazy-prefill",
      description =
          "Prefill cached tokens on the next question instead of on arrival (CPU-only deployments).")
  boolean lazyPrefill;

  @Option(
      names = "--max-live-sessions",
      defaultValue = "" + AnswerConfig.DEFAULT_MAX_LIVE_SESSIONS,
      description =
          "Cameras per subtask whose KV cache stays in memory (default: ${DEFAULT-VALUE}).")
  int maxLiveSessions;

  @Option(
      names = "--standing-max-per-camera",
      defaultValue = "" + StandingLimits.DEFAULT_MAX_PER_CAMERA,
      description =
          "Standing questions one camera may have; more are REJECTED for that camera (default: ${DEFAULT-VALUE}).")
  int standingMaxPerCamera;

  @Option(
      names = "--standing-max-per-job",
      defaultValue = "" + StandingLimits.DEFAULT_MAX_PER_JOB,
      description =
          "Standing questions registered in the job; more are REJECTED (default: ${DEFAULT-VALUE}).")
  int standingMaxPerJob;

  @Option(
      names = "--standing-evaluations-per-second",
      defaultValue = "" + StandingLimits.DEFAULT_EVALUATIONS_PER_SECOND,
      description =
          "Standing-question evaluations per second per answer subtask; over it an evaluation waits for the camera's next frame and is counted, no frame is dropped (default: ${DEFAULT-VALUE}).")
  double standingEvaluationsPerSecond;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = JobSettings.DEFAULT_CHECKPOINT_INTERVAL_MS + "ms",
      converter = DurationConverter.class,
      description =
          "Flink checkpoint interval; answers are committed on each checkpoint (default: ${DEFAULT-VALUE}).")
  Duration checkpointInterval;

  @Option(
      names = "--state-dir",
      description =
          "Flink checkpoint storage, e.g. file:///var/streamdycoke/checkpoints or s3://...; default: in memory (lost with the process).")
  String stateDir;

  @Option(
      names = "--state-backend",
      defaultValue = "hashmap",
      description =
          "hashmap (heap) or rocksdb (many cameras, incremental checkpoints) (default: ${DEFAULT-VALUE}).")
  String stateBackend;

  @Option(
      names = "--rocksdb-level0-files",
      defaultValue = "" + StateStorage.DEFAULT_LEVEL0_COMPACTION_TRIGGER,
      description =
          "rocksdb: level-0 files that start a compaction; more re-upload less per checkpoint and keep more on disk, 4 is RocksDB's own (docs/operations.md) (default: ${DEFAULT-VALUE}).")
  int rocksDbLevel0Files;

  @Option(
      names = "--state-changelog",
      description =
          "Flink's changelog state backend: state changes uploaded at each checkpoint, the backend itself every --changelog-materialize-interval; needs --state-dir.")
  boolean stateChangelog;

  @Option(
      names = "--changelog-materialize-interval",
      defaultValue = StateStorage.DEFAULT_MATERIALIZE_INTERVAL_MILLIS + "ms",
      converter = DurationConverter.class,
      description =
          "With --state-changelog: how often the backend is uploaded and the changelog truncated (default: ${DEFAULT-VALUE}).")
  Duration changelogMaterializeInterval;

  @Option(names = "--parallelism", description = "Job parallelism; default: the cluster's.")
  Integer parallelism;

  @Option(
      names = "--group-id",
      defaultValue = "streamdycoke",
      description = "Kafka consumer group of the job (default: ${DEFAULT-VALUE}).")
  String groupId;

  @Option(
      names = "--transactional-id-prefix",
      defaultValue = "streamdycoke",
      description = "Unique per job on one Kafka cluster (default: ${DEFAULT-VALUE}).")
  String transactionalIdPrefix;

  /** The settings for a model checkpoint directory. */
  public JobSettings settings(Path model) {
    TtmConfig ttm =
        TtmConfig.parseMode(ttmMode) == TtmMode.THRESHOLD
            ? TtmConfig.threshold(ttmTau, ttmAnchorEvery)
            : TtmConfig.dycoke(ttmK);
    AnswerSettings decoding =
        AnswerSettings.defaults()
            .withMaxNewTokens(maxNewTokens)
            .withPruning(dpLayer, dpRatio, cacheActive);
    AnswerConfig answering =
        new AnswerConfig(
            TokenCacheConfig.of(cacheCapacity, cacheActive, EvictionPolicy.named(policy)),
            decoding,
            lazyPrefill ? SessionOptions.lazy() : SessionOptions.eager(),
            maxLiveSessions);
    return new JobSettings(
        new ModelSpec(model.toAbsolutePath().toString(), device),
        ttm,
        new BatchPolicy(batchSize, batchWait.toMillis()),
        answering,
        FrameLimits.defaults(),
        QueryLimits.defaults(),
        checkpointInterval,
        new ChangeGateConfig(changeThreshold, keyframeEvery),
        maxFrameAge,
        cameraIdleTimeout,
        StandingLimits.defaults()
            .withMaxPerCamera(standingMaxPerCamera)
            .withMaxPerJob(standingMaxPerJob)
            .withEvaluationsPerSecond(standingEvaluationsPerSecond));
  }

  public String groupId() {
    return groupId;
  }

  public String transactionalIdPrefix() {
    return transactionalIdPrefix;
  }

  public String stateDir() {
    return stateDir;
  }

  public String stateBackend() {
    return stateBackend;
  }

  public StateStorage stateStorage() {
    return new StateStorage(rocksDbLevel0Files, stateChangelog, changelogMaterializeInterval);
  }

  /** These options without a parallelism, for callers that set it themselves (the demo). */
  public JobOptions withoutParallelism() {
    parallelism = null;
    return this;
  }

  public Integer parallelism() {
    return parallelism;
  }
}
