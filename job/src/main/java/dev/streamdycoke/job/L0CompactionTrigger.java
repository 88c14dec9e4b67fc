package dev.streamdycoke.job;

import java.util.Collection;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.state.rocksdb.ConfigurableRocksDBOptionsFactory;
import org.apache.flink.state.rocksdb.RocksDBOptionsFactory;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;

/**
 * RocksDB options with more level-0 files before a compaction (Flink has no setting for it).
 *
 * <p>Each incremental checkpoint flushes its write buffers into a new level-0 file. Every camera
 * rewrites its cache and TTM values within seconds, so the keys of a level-0 file are spread over
 * the whole key range and compacting level 0 into level 1 rewrites all of level 1: with RocksDB's
 * trigger of 4 files, every 4th checkpoint uploads about the whole state again. A higher trigger
 * compacts, and so re-uploads, that much less often, at the price of more files (older values not
 * yet compacted away) on local disk and in the checkpoint, and more files to look into per read.
 */
public final class L0CompactionTrigger implements ConfigurableRocksDBOptionsFactory {
  private static final long serialVersionUID = 1L;

  /** Level-0 files that start a compaction; RocksDB's default is 4. */
  public static final ConfigOption<Integer> FILES =
      ConfigOptions.key("streamdycoke.rocksdb.level0-compaction-trigger")
          .intType()
          .defaultValue(4)
          .withDescription("Level-0 files that start a compaction into level 1.");

  private int files = FILES.defaultValue();

  @Override
  public RocksDBOptionsFactory configure(ReadableConfig configuration) {
    files = configuration.get(FILES);
    return this;
  }

  @Override
  public DBOptions createDBOptions(DBOptions current, Collection<AutoCloseable> handlesToClose) {
    return current;
  }

  @Override
  public ColumnFamilyOptions createColumnOptions(
      ColumnFamilyOptions current, Collection<AutoCloseable> handlesToClose) {
    // Writes slow down and stop at RocksDB's 20 and 36 files; keep those well above the trigger.
    return current
        .setLevel0FileNumCompactionTrigger(files)
        .setLevel0SlowdownWritesTrigger(Math.max(current.level0SlowdownWritesTrigger(), 2 * files))
        .setLevel0StopWritesTrigger(Math.max(current.level0StopWritesTrigger(), 3 * files));
  }

  int files() {
    return files;
  }
}
