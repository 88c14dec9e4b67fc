package dev.streamdycoke.cli.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings added to a local cluster (a test's restart strategy) reach its config.yaml. */
class LocalClusterConfigTest {
  @TempDir Path home;

  @Test
  void addedSettingsWinOverTheDefaultsAndSurviveFreePorts() throws Exception {
    LocalClusterConfig config = new LocalClusterConfig(home, 0, 0, 2, "2g")
        .withSettings(Map.of("restart-strategy.type", "fixed-delay", "heartbeat.interval", "1000"))
        .withFreePorts();
    config.write();
    Map<String, String> settings = config.flinkSettings();
    assertEquals("fixed-delay", settings.get("restart-strategy.type"));
    assertEquals("1000", settings.get("heartbeat.interval"));
    assertEquals("2", settings.get("taskmanager.numberOfTaskSlots"));
    String yaml = Files.readString(config.confDir().resolve("config.yaml"));
    assertTrue(yaml.contains("restart-strategy.type: \"fixed-delay\""), yaml);
    assertTrue(!yaml.contains("exponential-delay"), yaml);
  }
}
