package dev.streamdycoke.job;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateChangelogOptions;

/**
 * How keyed state reaches checkpoint storage, beyond the backend itself: when RocksDB compacts its
 * level-0 files and Flink's changelog state backend. Both trade something for smaller uploads per
 * checkpoint (docs/operations.md, "Checkpoint upload size"). The job's default is 16 level-0 files,
 * which keeps incremental checkpoints incremental (about 9 % of the state uploaded at 2 s instead
 * of about 30 % with RocksDB's 4) for about 1.7 x the local disk; the changelog is off.
 *
 * @param level0CompactionTrigger RocksDB level-0 files that start a compaction (RocksDB's own
 *     default, 4, leaves its options untouched; see {@link L0CompactionTrigger})
 * @param changelog whether state changes are also written to a changelog, uploaded at each
 *     checkpoint, while RocksDB itself is uploaded only every {@code materializeInterval}
 * @param materializeInterval how often the changelog backend uploads RocksDB (truncating the log)
 */
public record StateStorage(
    int level0CompactionTrigger, boolean changelog, Duration materializeInterval) {
  public static final int DEFAULT_LEVEL0_COMPACTION_TRIGGER = 16;

  /** RocksDB's own trigger: asking for it leaves RocksDB's options as Flink sets them. */
  public static final int ROCKSDB_LEVEL0_COMPACTION_TRIGGER = 4;

  public static final long DEFAULT_MATERIALIZE_INTERVAL_MILLIS = 60_000;

  public StateStorage {
    if (level0CompactionTrigger < 1) {
      throw new IllegalArgumentException(
          "the level-0 compaction trigger must be at least 1 file, not " + level0CompactionTrigger);
    }
  }

  public static StateStorage defaults() {
    return new StateStorage(
        DEFAULT_LEVEL0_COMPACTION_TRIGGER,
        false,
        Duration.ofMillis(DEFAULT_MATERIALIZE_INTERVAL_MILLIS));
  }

  /**
   * Adds these settings to a Flink configuration made by {@link FlinkSetup#configuration}.
   *
   * @param stateDir the checkpoint storage URI; the changelog goes to its {@code changelog}
   *     directory, and needs one (an in-memory changelog would not survive the process)
   */
  public void applyTo(Configuration conf, String stateDir) {
    if (level0CompactionTrigger != ROCKSDB_LEVEL0_COMPACTION_TRIGGER) {
      conf.setString("state.backend.rocksdb.options-factory", L0CompactionTrigger.class.getName());
      conf.set(L0CompactionTrigger.FILES, level0CompactionTrigger);
      // A read may look into every level-0 file: bloom filters let it skip most.
      conf.setString("state.backend.rocksdb.use-bloom-filter", "true");
    }
    if (changelog) {
      if (stateDir == null) {
        throw new IllegalArgumentException("the state changelog needs --state-dir");
      }
      conf.set(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG, true);
      conf.set(StateChangelogOptions.PERIODIC_MATERIALIZATION_INTERVAL, materializeInterval);
      conf.setString("state.changelog.storage", "filesystem");
      conf.setString(
          "state.changelog.dstl.dfs.base-path",
          (stateDir.endsWith("/") ? stateDir : stateDir + "/") + "changelog");
    }
  }
}
