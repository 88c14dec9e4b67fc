package dev.streamdycoke.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.cli.cluster.FlinkDistribution;
import dev.streamdycoke.job.cluster.ClusterJobMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The packaged layout (after {@code mvn package}): the cluster jar in usrlib/ and what the image
 * copies. An integration test because the jars exist only once the modules are packaged.
 */
class ClusterJarITCase {
  private static final Path ROOT =
      Path.of(System.getProperty("streamdycoke.root", "..")).toAbsolutePath().normalize();
  private static final FlinkDistribution DIST = FlinkDistribution.locate(null);

  @Test
  void imageCopiesTheLayoutTheLocalClusterRunsFrom() throws Exception {
    Map<String, String> copies = new LinkedHashMap<>();
    Matcher copy =
        Pattern.compile("(?m)^COPY (?:--\\S+ )*(\\S+) (\\S+)$")
            .matcher(Files.readString(ROOT.resolve("docker/Dockerfile")));
    while (copy.find()) {
      copies.put(copy.group(1), copy.group(2));
    }
    assertEquals("/opt/flink/lib/", copies.get("dist/target/flink-dist/lib/"));
    assertEquals("/opt/flink/usrlib/", copies.get("dist/target/flink-dist/usrlib/"));
    for (String source : copies.keySet()) {
      assertTrue(
          Files.exists(ROOT.resolve(source)),
          "the image copies " + source + ", which the build must produce");
    }
    // The same folders are on the local cluster's classpath and submitted from.
    assertEquals(ROOT.resolve("dist/target/flink-dist/lib"), DIST.lib());
    assertEquals(ROOT.resolve("dist/target/flink-dist/usrlib/streamdycoke-job.jar"), DIST.jobJar());
    assertTrue(DIST.classpath().endsWith(DIST.lib().resolve("*").toString()));
  }

  @Test
  void jobJarBundlesTheJobButNotDjlNorFlink() throws Exception {
    try (JarFile jar = new JarFile(DIST.jobJar().toFile())) {
      assertEquals(
          ClusterJobMain.class.getName(),
          jar.getManifest().getMainAttributes().getValue("Main-Class"));
      List<String> entries = jar.stream().map(e -> e.getName()).toList();
      for (String needed :
          List.of(
              "dev/streamdycoke/job/cluster/ClusterJobMain.class",
              "dev/streamdycoke/operators/",
              "dev/streamdycoke/model/",
              "dev/streamdycoke/schemas/",
              "org/apache/flink/connector/kafka/",
              "org/apache/kafka/clients/",
              "org/apache/avro/",
              "picocli/")) {
        assertTrue(
            entries.stream().anyMatch(e -> e.startsWith(needed)), needed + " in the job jar");
      }
      for (String excluded :
          List.of(
              "ai/djl/",
              "org/apache/flink/runtime/",
              "org/apache/flink/streaming/api/",
              "kafka/server/",
              "org/bytedeco/")) {
        assertFalse(
            entries.stream().anyMatch(e -> e.startsWith(excluded)),
            excluded + " must not be in the job jar");
      }
    }
  }

  /**
   * Every TaskManager downloads the job jar: it carries the job and what the job runs (operators,
   * model runtime, schemas), never the command line, the embedded broker, the local cluster
   * launcher, the simulator, the trainer, the benchmarks, test fixtures or the demo checkpoint.
   */
  @Test
  void jobJarHoldsOnlyTheJob() throws Exception {
    try (JarFile jar = new JarFile(DIST.jobJar().toFile())) {
      List<String> ours =
          jar.stream()
              .map(e -> e.getName())
              .filter(e -> e.startsWith("dev/streamdycoke/") && e.endsWith(".class"))
              .toList();
      for (String pkg :
          ours.stream().map(e -> e.substring(0, e.lastIndexOf('/'))).distinct().toList()) {
        assertTrue(
            pkg.matches("dev/streamdycoke/(job|operators|model|schemas)(/.*)?"),
            pkg + " in the job jar");
      }
      List<String> entries = jar.stream().map(e -> e.getName()).toList();
      for (String excluded :
          List.of(
              "dev/streamdycoke/cli/",
              "dev/streamdycoke/simulator/",
              "dev/streamdycoke/training/",
              "dev/streamdycoke/benchmarks/",
              "kafka/server/",
              "kafka/log/",
              "kafka/network/",
              "org/apache/kafka/raft/",
              "org/apache/kafka/controller/",
              "dev/streamdycoke/model/checkpoint/TinyCheckpointWriter",
              "dev/streamdycoke/model/checkpoint/RandomWeightSource")) {
        assertFalse(
            entries.stream().anyMatch(e -> e.startsWith(excluded)),
            excluded + " must not be in the job jar");
      }
      // The broker is Scala package kafka; kafka-clients brings only
      // kafka/kafka-version.properties.
      assertFalse(
          entries.stream().anyMatch(e -> e.startsWith("kafka/") && e.endsWith(".class")),
          "no broker classes in the job jar");
      assertFalse(
          entries.stream().anyMatch(e -> e.contains("demo-model") || e.endsWith(".safetensors")),
          "no demo checkpoint in the job jar");
    }
  }
}
