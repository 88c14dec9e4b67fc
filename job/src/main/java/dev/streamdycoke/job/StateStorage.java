package dev.streamdycoke.job;

import java.time.Duration;
import java.util.Locale;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateChangelogOptions;

/**
 * How keyed state reaches checkpoint storage, beyond the backend itself: RocksDB's compaction style
 * and Flink's changelog state backend. Both trade something for smaller uploads per checkpoint
 * (docs/operations.md, "Checkpoint upload size"), so both are off by default.
 *
 * @param rocksDbCompaction {@code level} (RocksDB's and Flink's default) or {@code universal}
 * @param changelog whether state changes are also written to a changelog, uploaded at each
 *     checkpoint, while RocksDB itself is uploaded only every {@code materializeInterval}
 * @param materializeInterval how often the changelog backend uploads RocksDB (truncating the log)
 */
public record StateStorage(
    String rocksDbCompaction, boolean changelog, Duration materializeInterval) {
  public static final String DEFAULT_COMPACTION = "level";
  public static final long DEFAULT_MATERIALIZE_INTERVAL_MILLIS = 60_000;

  public StateStorage {
    String style = rocksDbCompaction.toLowerCase(Locale.ROOT);
    if (!style.equals("level") && !style.equals("universal")) {
      throw new IllegalArgumentException(
          "RocksDB compaction must be level or universal, not " + rocksDbCompaction);
    }
    rocksDbCompaction = style;
  }

  public static StateStorage defaults() {
    return new StateStorage(
        DEFAULT_COMPACTION, false, Duration.ofMillis(DEFAULT_MATERIALIZE_INTERVAL_MILLIS));
  }

  /**
   * Adds these settings to a Flink configuration made by {@link FlinkSetup#configuration}.
   *
   * @param stateDir the checkpoint storage URI; the changelog goes to its {@code changelog}
   *     directory, and needs one (an in-memory changelog would not survive the process)
   */
  public void applyTo(Configuration conf, String stateDir) {
    if (rocksDbCompaction.equals("universal")) {
      conf.setString("state.backend.rocksdb.compaction.style", "UNIVERSAL");
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
