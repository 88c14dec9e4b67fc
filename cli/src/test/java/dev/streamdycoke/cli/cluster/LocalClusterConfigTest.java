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
    LocalClusterConfig config =
        new LocalClusterConfig(home, 0, 0, 2, "2g")
            .withSettings(
                Map.of("restart-strategy.type", "fixed-delay", "heartbeat.interval", "1000"))
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

  @Test
  void everyPortListensOnLoopbackUnlessAnotherAddressIsGiven() {
    Map<String, String> loopback =
        new LocalClusterConfig(home, 8081, 6123, 2, "2g").flinkSettings();
    for (String key :
        new String[] {
          "rest.bind-address",
          "rest.address",
          "jobmanager.bind-host",
          "jobmanager.rpc.address",
          "taskmanager.bind-host",
          "taskmanager.host"
        }) {
      assertEquals("127.0.0.1", loopback.get(key), key);
    }
    Map<String, String> wildcard =
        new LocalClusterConfig(home, 8081, 6123, 2, "2g")
            .withBindAddress("0.0.0.0")
            .withFreePorts()
            .flinkSettings();
    assertEquals("0.0.0.0", wildcard.get("rest.bind-address"));
    assertEquals("0.0.0.0", wildcard.get("jobmanager.bind-host"));
    assertEquals("0.0.0.0", wildcard.get("taskmanager.bind-host"));
    // Processes connect to a name, never to the wildcard.
    assertTrue(!wildcard.get("jobmanager.rpc.address").equals("0.0.0.0"), wildcard.toString());
  }
}
