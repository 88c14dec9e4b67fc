package dev.streamdycoke.cli.testing;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The MiniCluster the job's integration tests run on. */
public final class MiniClusters {
  private MiniClusters() {}

  /**
   * One TaskManager with {@code slots} slots: one TaskManager so that a test can lose it, and as
   * many slots as the job's parallelism needs (slot sharing puts a pipeline in one slot).
   */
  public static MiniClusterExtension oneTaskManager(int slots) {
    return new MiniClusterExtension(
        new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(slots)
            .build());
  }
}
