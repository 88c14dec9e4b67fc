package dev.streamdycoke.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.streamdycoke.cli.StreamDyCokeCli;
import dev.streamdycoke.cli.cluster.FlinkDistribution;
import dev.streamdycoke.job.args.RunCommand;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * What can be checked of docker/ without a Docker engine: the image copies the lib/ and usrlib/
 * that the build produced and the local cluster runs from; lib/ holds DJL and nothing of Flink's;
 * the job jar holds our code and the connector but no DJL; the compose file is well formed and the
 * commands it runs are ones the command line accepts.
 */
class DockerLayoutTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Path ROOT =
      Path.of(System.getProperty("streamdycoke.root", "..")).toAbsolutePath().normalize();
  private static final FlinkDistribution DIST = FlinkDistribution.locate(null);

  @Test
  void libHoldsDjlAndNothingFlinkAlreadyHas() throws Exception {
    List<String> jars;
    try (Stream<Path> files = Files.list(DIST.lib())) {
      jars = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    for (String djl :
        List.of("api-", "pytorch-engine-", "pytorch-jni-", "pytorch-native-cpu-", "tokenizers-")) {
      assertTrue(jars.stream().anyMatch(j -> j.startsWith(djl)), djl + " in " + jars);
    }
    for (String flinkHasIt :
        List.of("flink-", "slf4j-", "log4j-", "commons-io-", "commons-compress-", "streamdycoke")) {
      assertFalse(
          jars.stream().anyMatch(j -> j.startsWith(flinkHasIt)),
          flinkHasIt + " must not be in lib/: " + jars);
    }
  }

  @Test
  void composeFileRunsKraftKafkaAFlinkClusterAndCommandsTheCliAccepts() throws Exception {
    // SnakeYAML resolves the file's anchors and merge keys (<<: *image), as Compose does.
    Object loaded =
        new org.yaml.snakeyaml.Yaml().load(Files.readString(ROOT.resolve("docker/compose.yaml")));
    JsonNode compose = YAML.valueToTree(loaded);
    JsonNode services = compose.path("services");
    for (String service :
        List.of("kafka", "topics", "model", "jobmanager", "taskmanager", "submit", "cameras")) {
      assertTrue(services.has(service), service);
    }
    JsonNode kafka = services.path("kafka").path("environment");
    assertEquals(
        "broker,controller",
        kafka.path("KAFKA_PROCESS_ROLES").asText(),
        "KRaft combined mode, no ZooKeeper");
    assertEquals("1", kafka.path("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR").asText());
    assertEquals(
        "docker/Dockerfile", services.path("jobmanager").path("build").path("dockerfile").asText());
    assertEquals("jobmanager", services.path("jobmanager").path("command").asText());
    assertEquals("taskmanager", services.path("taskmanager").path("command").asText());
    for (String service : List.of("model", "jobmanager", "taskmanager", "submit", "cameras")) {
      assertEquals(
          "${STREAMDYCOKE_IMAGE:-streamdycoke:0.1.0}",
          services.path(service).path("image").asText(),
          service);
    }
    assertTrue(
        services
            .path("taskmanager")
            .path("environment")
            .path("FLINK_PROPERTIES")
            .asText()
            .contains("jobmanager.rpc.address: jobmanager"));

    List<String> submit = command(services.path("submit"));
    assertEquals("streamdycoke", submit.get(0));
    CommandLine cli = new CommandLine(new StreamDyCokeCli());
    CommandLine.ParseResult parsed =
        cli.parseArgs(submit.subList(1, submit.size()).toArray(String[]::new));
    List<String> jobArgs = parsed.subcommand().unmatched();
    new CommandLine(new RunCommand()).parseArgs(jobArgs.toArray(String[]::new));
    assertTrue(jobArgs.contains("kafka:9092"), jobArgs.toString());

    List<String> cameras = command(services.path("cameras"));
    new CommandLine(new StreamDyCokeCli())
        .parseArgs(cameras.subList(1, cameras.size()).toArray(String[]::new));
  }

  /**
   * `docker compose config`, where a Compose CLI is installed (none is on our machines by default).
   */
  @Test
  void composeFileParsesWithDockerCompose() throws Exception {
    List<String> command = null;
    for (List<String> candidate :
        List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
      if (runs(append(candidate, "version"))) {
        command = candidate;
        break;
      }
    }
    Assumptions.assumeTrue(command != null, "no docker compose CLI here");
    List<String> config = new ArrayList<>(command);
    config.addAll(
        List.of("-f", ROOT.resolve("docker/compose.yaml").toString(), "config", "--quiet"));
    Process process = new ProcessBuilder(config).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), output);
  }

  private static List<String> command(JsonNode service) {
    List<String> args = new ArrayList<>();
    // Compose substitutes ${VAR:-default}; the defaults are what a plain `up` runs.
    service
        .path("command")
        .forEach(a -> args.add(a.asText().replaceAll("\\$\\{[A-Z_]+:-([^}]*)}", "$1")));
    return args;
  }

  private static boolean runs(List<String> command) {
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.to(new File("/dev/null")))
              .start();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  private static List<String> append(List<String> list, String item) {
    List<String> copy = new ArrayList<>(list);
    copy.add(item);
    return copy;
  }
}
