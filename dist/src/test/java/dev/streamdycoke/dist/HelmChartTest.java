package dev.streamdycoke.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.streamdycoke.job.args.RunCommand;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.IllegalConfigurationException;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The Helm chart with real helm (helm-java): it lints, and what it renders for the default values
 * and for values-gpu.yaml is a FlinkDeployment the operator's own CRD schema accepts, whose job
 * arguments the job itself accepts, with the settings a user relies on, and memory settings Flink's
 * own process-memory calculation accepts.
 */
class HelmChartTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Path CHART =
      Path.of(System.getProperty("streamdycoke.root", ".."), "helm", "streamdycoke")
          .toAbsolutePath()
          .normalize();
  private static StructuralSchema schema;

  /**
   * Native memory one slot needs on CPU (README, Sizing): the encode subtask's float32 vision half
   * (1.6 GB) and the answer subtask's language half (2.5 GB), plus 64 live KV caches of C x 24 x 2
   * x 128 x 4 bytes at C = 1024.
   */
  private static final long CPU_WEIGHTS_PER_SLOT = 4_100_000_000L;

  private static final long CPU_KV_CACHES_PER_SLOT = 64L * 1024 * 24 * 2 * 128 * 4;

  @BeforeAll
  static void loadCrd() throws Exception {
    try (InputStream in =
        HelmChartTest.class.getResourceAsStream("/crds/flinkdeployments.flink.apache.org-v1.yml")) {
      schema = new StructuralSchema(YAML.readTree(in), "v1beta1");
    }
  }

  @Test
  void chartLintsClean() {
    LintResult lint = new Helm(CHART).lint().strict().call();
    assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
  }

  @Test
  void defaultValuesRenderAValidCpuDeploymentUpgradedWithSavepoints() throws Exception {
    JsonNode deployment = flinkDeployment(render(t -> t));
    assertEquals(List.of(), schema.violations(deployment));
    JsonNode spec = deployment.path("spec");
    assertEquals("streamdycoke:0.1.0", spec.path("image").asText());
    assertEquals("v2_2", spec.path("flinkVersion").asText());
    assertEquals("savepoint", spec.path("job").path("upgradeMode").asText());
    assertEquals(2, spec.path("job").path("parallelism").asInt());
    assertEquals(
        "local:///opt/flink/usrlib/streamdycoke-job.jar", spec.path("job").path("jarURI").asText());
    JsonNode conf = spec.path("flinkConfiguration");
    assertEquals(
        "file:///flink-data/checkpoints", conf.path("execution.checkpointing.dir").asText());
    assertEquals(
        "file:///flink-data/savepoints",
        conf.path("execution.checkpointing.savepoint-dir").asText());
    assertEquals(
        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
        conf.path("metrics.reporter.prom.factory.class").asText());
    assertEquals(
        "true",
        spec.path("podTemplate")
            .path("metadata")
            .path("annotations")
            .path("prometheus.io/scrape")
            .asText());
    assertFalse(deployment.toString().contains("nvidia.com/gpu"), "no GPU asked for by default");

    List<String> args = args(deployment);
    assertJobAccepts(args);
    assertEquals("kafka:9092", after(args, "--bootstrap-servers"));
    assertEquals("/models/llava-onevision-qwen2-0.5b-ov", after(args, "--model"));
    assertFalse(args.contains("--kafka-config"), "no client secret, no client config");
    assertTrue(
        mounts(deployment).contains("/models"), "the model volume is mounted where --model points");
  }

  @Test
  void gpuValuesAskForOneGpuPerTaskManagerAndRunTheModelOnCuda() throws Exception {
    Path gpuValues = CHART.resolve("values-gpu.yaml");
    JsonNode deployment = flinkDeployment(render(t -> t.withValuesFile(gpuValues)));
    assertEquals(List.of(), schema.violations(deployment));
    JsonNode tmContainer =
        deployment
            .path("spec")
            .path("taskManager")
            .path("podTemplate")
            .path("spec")
            .path("containers")
            .get(0);
    assertEquals("flink-main-container", tmContainer.path("name").asText());
    assertEquals(1, tmContainer.path("resources").path("limits").path("nvidia.com/gpu").asInt());
    assertEquals("streamdycoke:0.1.0-cuda", deployment.path("spec").path("image").asText());
    List<String> args = args(deployment);
    assertJobAccepts(args);
    assertEquals("cuda", after(args, "--device"));
  }

  @Test
  void cpuMemoryIsWhatFlinkAcceptsWithTheModelOffHeapAndRocksDbManagedMemory() throws Exception {
    Configuration conf = flinkMemoryConfig(flinkDeployment(render(t -> t)));
    TaskExecutorProcessSpec tm = TaskExecutorProcessUtils.processSpecFromConfig(conf);
    long slots = tm.getNumSlots();
    assertEquals(1, slots);
    assertEquals(MemorySize.parse("12288m"), tm.getTotalProcessMemorySize());
    assertTrue(
        tm.getTaskOffHeapSize().getBytes()
            >= slots * (CPU_WEIGHTS_PER_SLOT + CPU_KV_CACHES_PER_SLOT),
        "task off-heap "
            + tm.getTaskOffHeapSize().toHumanReadableString()
            + " must hold the weights and live KV caches of "
            + slots
            + " slot(s)");
    assertManagedAndHeap(conf, tm);
    assertJobManagerAccepted(conf);
  }

  @Test
  void gpuMemoryIsWhatFlinkAcceptsWithRocksDbManagedMemory() throws Exception {
    Path gpuValues = CHART.resolve("values-gpu.yaml");
    Configuration conf =
        flinkMemoryConfig(flinkDeployment(render(t -> t.withValuesFile(gpuValues))));
    TaskExecutorProcessSpec tm = TaskExecutorProcessUtils.processSpecFromConfig(conf);
    assertEquals(2, tm.getNumSlots());
    // Weights and KV caches are in GPU memory; off-heap is libtorch's host side.
    assertTrue(tm.getTaskOffHeapSize().compareTo(MemorySize.parse("1g")) >= 0, tm.toString());
    assertManagedAndHeap(conf, tm);
    assertJobManagerAccepted(conf);
  }

  @Test
  void memoryCheckRejectsATaskManagerFlinkWouldNotStart() throws Exception {
    // The chart's former 9g of off-heap in a 12288m process: Flink's derived task heap is negative.
    Configuration conf =
        flinkMemoryConfig(flinkDeployment(render(t -> t.set("taskManager.taskOffHeap", "9g"))));
    assertThrows(
        IllegalConfigurationException.class,
        () -> TaskExecutorProcessUtils.processSpecFromConfig(conf));
  }

  @Test
  void kafkaClientSecretIsMountedAndPassedAsKafkaConfig() throws Exception {
    JsonNode deployment =
        flinkDeployment(
            render(
                t ->
                    t.set("kafka.clientSecret", "kafka-sasl")
                        .set("kafka.bootstrapServers", "kafka-1:9093")
                        .set("metrics.prometheus.podMonitor", true)));
    assertEquals(List.of(), schema.violations(deployment));
    List<String> args = args(deployment);
    assertJobAccepts(args);
    assertEquals("/etc/streamdycoke/kafka/client.properties", after(args, "--kafka-config"));
    assertEquals("kafka-1:9093", after(args, "--bootstrap-servers"));
    assertTrue(mounts(deployment).contains("/etc/streamdycoke/kafka"));
    assertTrue(
        deployment
            .path("spec")
            .path("podTemplate")
            .path("spec")
            .path("volumes")
            .toString()
            .contains("\"secretName\":\"kafka-sasl\""));
  }

  @Test
  void webSubmissionIsOffSoTheRestApiRunsNoUploadedJar() throws Exception {
    for (JsonNode deployment :
        List.of(
            flinkDeployment(render(t -> t)),
            flinkDeployment(render(t -> t.withValuesFile(CHART.resolve("values-gpu.yaml")))))) {
      assertEquals(
          "false",
          deployment.path("spec").path("flinkConfiguration").path("web.submit.enable").asText(),
          deployment.path("spec").path("flinkConfiguration").toString());
    }
  }

  @Test
  void restTlsSecretIsMountedAndTurnsOnTlsWithClientCertificates() throws Exception {
    JsonNode plain = flinkDeployment(render(t -> t)).path("spec").path("flinkConfiguration");
    assertTrue(plain.path("security.ssl.rest.enabled").isMissingNode(), plain.toString());

    JsonNode deployment = flinkDeployment(render(t -> t.set("rest.tlsSecret", "flink-rest-tls")));
    assertEquals(List.of(), schema.violations(deployment));
    JsonNode conf = deployment.path("spec").path("flinkConfiguration");
    assertEquals("true", conf.path("security.ssl.rest.enabled").asText());
    assertEquals("true", conf.path("security.ssl.rest.authentication-enabled").asText());
    assertEquals(
        "/etc/streamdycoke/rest-tls/keystore.jks",
        conf.path("security.ssl.rest.keystore").asText());
    assertEquals(
        "/etc/streamdycoke/rest-tls/truststore.jks",
        conf.path("security.ssl.rest.truststore").asText());
    assertEquals("false", conf.path("web.submit.enable").asText());
    assertTrue(mounts(deployment).contains("/etc/streamdycoke/rest-tls"));
    assertTrue(
        deployment
            .path("spec")
            .path("podTemplate")
            .path("spec")
            .path("volumes")
            .toString()
            .contains("\"secretName\":\"flink-rest-tls\""));
  }

  @Test
  void schemaCheckRejectsWhatTheOperatorWouldReject() throws Exception {
    JsonNode deployment = flinkDeployment(render(t -> t));
    com.fasterxml.jackson.databind.node.ObjectNode spec =
        (com.fasterxml.jackson.databind.node.ObjectNode) deployment.get("spec");
    ((com.fasterxml.jackson.databind.node.ObjectNode) spec.get("job"))
        .put("upgradeMode", "sometimes");
    ((com.fasterxml.jackson.databind.node.ObjectNode) spec.get("taskManager")).put("gpus", 1);
    ((com.fasterxml.jackson.databind.node.ObjectNode) spec.get("jobManager"))
        .put("replicas", "one");
    List<String> violations = schema.violations(deployment);
    assertEquals(3, violations.size(), violations.toString());
    assertTrue(
        violations.toString().contains(".spec.taskManager.gpus: unknown field"),
        violations.toString());
  }

  private static String render(UnaryOperator<com.marcnuri.helm.TemplateCommand> values) {
    return values.apply(new Helm(CHART).template().withName("streamdycoke")).call();
  }

  private static JsonNode flinkDeployment(String rendered) throws Exception {
    List<JsonNode> deployments = new ArrayList<>();
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(rendered)) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc != null && "FlinkDeployment".equals(doc.path("kind").asText())) {
          assertEquals("flink.apache.org/v1beta1", doc.path("apiVersion").asText());
          deployments.add(doc);
        }
      }
    }
    assertEquals(1, deployments.size(), rendered);
    return deployments.get(0);
  }

  private static List<String> args(JsonNode deployment) {
    List<String> args = new ArrayList<>();
    deployment.path("spec").path("job").path("args").forEach(a -> args.add(a.asText()));
    return args;
  }

  /** The job's main parses the arguments exactly as the JobManager will. */
  private static void assertJobAccepts(List<String> args) {
    new CommandLine(new RunCommand()).parseArgs(args.toArray(String[]::new));
  }

  private static String after(List<String> args, String option) {
    int i = args.indexOf(option);
    assertTrue(i >= 0 && i + 1 < args.size(), option + " in " + args);
    return args.get(i + 1);
  }

  private static List<String> mounts(JsonNode deployment) {
    List<String> paths = new ArrayList<>();
    deployment
        .path("spec")
        .path("podTemplate")
        .path("spec")
        .path("containers")
        .get(0)
        .path("volumeMounts")
        .forEach(m -> paths.add(m.path("mountPath").asText()));
    return paths;
  }

  private static void assertManagedAndHeap(Configuration conf, TaskExecutorProcessSpec tm) {
    // Explicit: Flink's default fraction (0.4 of Flink memory) would crowd out the model's
    // off-heap.
    assertTrue(conf.contains(TaskManagerOptions.MANAGED_MEMORY_SIZE), "managed memory is set");
    assertEquals(
        MemorySize.parse("1g"),
        tm.getManagedMemorySize(),
        "RocksDB's block cache and write buffers");
    assertTrue(
        tm.getTaskHeapSize().getBytes() >= tm.getNumSlots() * MemorySize.parse("1g").getBytes(),
        "at least 1g of task heap per slot: " + tm);
  }

  private static void assertJobManagerAccepted(Configuration conf) {
    JobManagerProcessSpec jm = JobManagerProcessUtils.processSpecFromConfig(conf);
    assertEquals(MemorySize.parse("2048m"), jm.getTotalProcessMemorySize());
    assertTrue(jm.getJvmHeapMemorySize().compareTo(MemorySize.parse("1g")) >= 0, jm.toString());
  }

  /**
   * The Flink configuration the operator hands the cluster: spec.flinkConfiguration plus the
   * process sizes it derives from the jobManager's and taskManager's resource.memory (its
   * FlinkConfigBuilder parses them as Flink memory sizes first, as the chart writes them).
   */
  private static Configuration flinkMemoryConfig(JsonNode deployment) {
    JsonNode spec = deployment.path("spec");
    Map<String, String> settings = new HashMap<>();
    spec.path("flinkConfiguration")
        .fields()
        .forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
    Configuration conf = Configuration.fromMap(settings);
    conf.set(
        TaskManagerOptions.TOTAL_PROCESS_MEMORY,
        MemorySize.parse(spec.path("taskManager").path("resource").path("memory").asText()));
    conf.set(
        JobManagerOptions.TOTAL_PROCESS_MEMORY,
        MemorySize.parse(spec.path("jobManager").path("resource").path("memory").asText()));
    return conf;
  }
}
