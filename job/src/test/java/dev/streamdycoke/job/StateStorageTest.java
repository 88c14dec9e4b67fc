package dev.streamdycoke.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateChangelogOptions;
import org.junit.jupiter.api.Test;
import org.rocksdb.ColumnFamilyOptions;

/** The state storage flags become the Flink settings that docs/operations.md documents. */
class StateStorageTest {
  @Test
  void byDefaultRocksDbCompactsAt16Level0FilesAndTheChangelogIsOff() {
    Configuration conf = FlinkSetup.configuration(Duration.ofSeconds(2), "file:///c", "rocksdb");

    StateStorage.defaults().applyTo(conf, "file:///c");

    assertEquals(16, conf.get(L0CompactionTrigger.FILES));
    assertEquals(
        L0CompactionTrigger.class.getName(),
        conf.getString("state.backend.rocksdb.options-factory", "unset"));
    assertFalse(conf.get(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG));
  }

  @Test
  void rocksDbsOwnTriggerLeavesFlinksConfigurationAlone() {
    Configuration conf = FlinkSetup.configuration(Duration.ofSeconds(2), "file:///c", "rocksdb");
    Configuration before = new Configuration(conf);

    new StateStorage(
            StateStorage.ROCKSDB_LEVEL0_COMPACTION_TRIGGER,
            false,
            Duration.ofMillis(StateStorage.DEFAULT_MATERIALIZE_INTERVAL_MILLIS))
        .applyTo(conf, "file:///c");

    assertEquals(before, conf);
  }

  @Test
  void moreLevel0FilesGoToRocksDbThroughTheOptionsFactory() {
    Configuration conf = new Configuration();

    new StateStorage(12, false, Duration.ofMinutes(1)).applyTo(conf, null);

    assertEquals(
        L0CompactionTrigger.class.getName(),
        conf.getString("state.backend.rocksdb.options-factory", "unset"));
    assertEquals(12, conf.get(L0CompactionTrigger.FILES));
    assertEquals(12, ((L0CompactionTrigger) new L0CompactionTrigger().configure(conf)).files());
    assertEquals("true", conf.getString("state.backend.rocksdb.use-bloom-filter", "unset"));
  }

  @Test
  void rocksDbGetsTheTriggerAndRoomAboveIt() {
    L0CompactionTrigger factory = new L0CompactionTrigger();
    Configuration conf = new Configuration();
    conf.set(L0CompactionTrigger.FILES, 16);
    factory.configure(conf);

    try (ColumnFamilyOptions options =
        factory.createColumnOptions(new ColumnFamilyOptions(), new ArrayList<>())) {
      assertEquals(16, options.level0FileNumCompactionTrigger());
      assertTrue(options.level0SlowdownWritesTrigger() >= 32);
      assertTrue(options.level0StopWritesTrigger() >= 48);
    }
  }

  @Test
  void theChangelogLivesBesideTheCheckpoints() {
    Configuration conf = new Configuration();

    new StateStorage(4, true, Duration.ofSeconds(90)).applyTo(conf, "s3://b/checkpoints/");

    assertTrue(conf.get(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG));
    assertEquals(
        Duration.ofSeconds(90), conf.get(StateChangelogOptions.PERIODIC_MATERIALIZATION_INTERVAL));
    assertEquals("filesystem", conf.getString("state.changelog.storage", "unset"));
    assertEquals(
        "s3://b/checkpoints/changelog",
        conf.getString("state.changelog.dstl.dfs.base-path", "unset"));
    assertFalse(conf.containsKey("state.backend.rocksdb.options-factory"));
  }

  @Test
  void aChangelogWithoutCheckpointStorageIsRefused() {
    StateStorage changelog = new StateStorage(4, true, Duration.ofMinutes(1));

    assertThrows(
        IllegalArgumentException.class, () -> changelog.applyTo(new Configuration(), null));
  }

  @Test
  void noLevel0FilesIsRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> new StateStorage(0, false, Duration.ofMinutes(1)));
  }
}
