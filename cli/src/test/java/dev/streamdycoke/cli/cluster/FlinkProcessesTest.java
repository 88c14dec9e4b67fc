package dev.streamdycoke.cli.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local cluster's processes are started as Flink's scripts start them: without the memory flags
 * and dynamic memory settings of BashJavaUtils a TaskManager started from TaskManagerRunner refuses
 * to start, and without the Java 17 flags it fails on reflection.
 */
class FlinkProcessesTest {
  @TempDir Path home;

  @Test
  void taskManagerGetsItsMemoryFlagsSettingsAndTheClusterClasspath() throws Exception {
    LocalClusterConfig config = new LocalClusterConfig(home, 0, 0, 3, "2g").withFreePorts();
    config.write();
    FlinkDistribution dist = new FlinkDistribution(home.resolve("dist"));
    List<String> tm = new FlinkProcesses(dist, config).taskManager();

    assertTrue(tm.stream().anyMatch(a -> a.startsWith("-Xmx")), tm.toString());
    assertTrue(tm.stream().anyMatch(a -> a.startsWith("-XX:MaxDirectMemorySize=")), tm.toString());
    assertTrue(tm.contains("taskmanager.memory.task.off-heap.size=536870912b"), tm.toString());
    assertTrue(
        tm.stream().anyMatch(a -> a.startsWith("taskmanager.memory.network.min=")), tm.toString());
    assertTrue(tm.contains("@" + dist.jvmArgsFile()), "Flink's Java 17 flags");
    assertEquals(FlinkProcesses.TASK_MANAGER_MAIN, tm.get(tm.indexOf("--configDir") - 1));
    assertEquals(config.confDir().toString(), tm.get(tm.indexOf("--configDir") + 1));
    String classpath = tm.get(tm.indexOf("-classpath") + 1);
    assertEquals(
        dist.flinkJars().resolve("*") + ":" + dist.lib().resolve("*"),
        classpath,
        "Flink's jars, then lib/ with DJL: the classpath the images have");
  }

  @Test
  void configBindsToLoopbackOnTheChosenPorts() throws Exception {
    LocalClusterConfig config = new LocalClusterConfig(home, 0, 0, 2, "2g").withFreePorts();
    assertTrue(
        config.restPort() > 0 && config.rpcPort() > 0 && config.restPort() != config.rpcPort());
    config.write();
    String yaml = Files.readString(config.confDir().resolve("config.yaml"));
    assertTrue(yaml.contains("rest.port: \"" + config.restPort() + "\""), yaml);
    assertTrue(yaml.contains("jobmanager.rpc.port: \"" + config.rpcPort() + "\""), yaml);
    assertTrue(yaml.contains("rest.bind-address: \"127.0.0.1\""), yaml);
    assertTrue(yaml.contains("taskmanager.numberOfTaskSlots: \"2\""), yaml);
    assertTrue(Files.exists(config.confDir().resolve("log4j.properties")));
  }
}
