package dev.streamdycoke.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateChangelogOptions;
import org.junit.jupiter.api.Test;

/** The state storage flags become the Flink settings that docs/operations.md documents. */
class StateStorageTest {
  @Test
  void defaultsLeaveFlinksConfigurationAlone() {
    Configuration conf = FlinkSetup.configuration(Duration.ofSeconds(2), "file:///c", "rocksdb");
    Configuration before = new Configuration(conf);

    StateStorage.defaults().applyTo(conf, "file:///c");

    assertEquals(before, conf);
  }

  @Test
  void universalCompactionIsRocksDbsCompactionStyle() {
    Configuration conf = new Configuration();

    new StateStorage("Universal", false, Duration.ofMinutes(1)).applyTo(conf, null);

    assertEquals("UNIVERSAL", conf.getString("state.backend.rocksdb.compaction.style", "unset"));
  }

  @Test
  void theChangelogLivesBesideTheCheckpoints() {
    Configuration conf = new Configuration();

    new StateStorage("level", true, Duration.ofSeconds(90)).applyTo(conf, "s3://b/checkpoints/");

    assertTrue(conf.get(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG));
    assertEquals(
        Duration.ofSeconds(90), conf.get(StateChangelogOptions.PERIODIC_MATERIALIZATION_INTERVAL));
    assertEquals("filesystem", conf.getString("state.changelog.storage", "unset"));
    assertEquals(
        "s3://b/checkpoints/changelog",
        conf.getString("state.changelog.dstl.dfs.base-path", "unset"));
    assertFalse(conf.containsKey("state.backend.rocksdb.compaction.style"));
  }

  @Test
  void aChangelogWithoutCheckpointStorageIsRefused() {
    StateStorage changelog = new StateStorage("level", true, Duration.ofMinutes(1));

    assertThrows(
        IllegalArgumentException.class, () -> changelog.applyTo(new Configuration(), null));
  }

  @Test
  void anUnknownCompactionStyleIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new StateStorage("fifo", false, Duration.ofMinutes(1)));
  }
}
