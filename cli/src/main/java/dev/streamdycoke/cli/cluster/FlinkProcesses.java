package dev.streamdycoke.cli.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * The command lines of the JobManager and TaskManager processes, as Flink's jobmanager.sh and
 * taskmanager.sh build them: the memory flags and dynamic memory settings come from the same Flink
 * code that {@code BashJavaUtils GET_TM_RESOURCE_PARAMS / GET_JM_RESOURCE_PARAMS} runs, so a
 * TaskManager started without the scripts still finds its memory fully configured.
 */
final class FlinkProcesses {
  static final String JOB_MANAGER_MAIN =
      "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  static final String TASK_MANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

  private final FlinkDistribution dist;
  private final Path confDir;
  private final Path logDir;

  FlinkProcesses(FlinkDistribution dist, LocalClusterConfig config) {
    this(dist, config.home());
  }

  /**
   * The processes of the cluster whose configuration {@link LocalClusterConfig#write()} put under
   * home.
   */
  FlinkProcesses(FlinkDistribution dist, Path home) {
    this.dist = dist;
    this.confDir = home.resolve("conf");
    this.logDir = home.resolve("log");
  }

  /** The cluster's Flink configuration, as its processes read it. */
  Configuration configuration() {
    return GlobalConfiguration.loadConfiguration(confDir.toString());
  }

  List<String> jobManager() {
    Configuration conf = configuration();
    JobManagerProcessSpec spec = JobManagerProcessUtils.processSpecFromConfig(conf);
    List<String> command =
        java("jobmanager", JobManagerProcessUtils.generateJvmParametersStr(spec, conf));
    command.add(JOB_MANAGER_MAIN);
    command.add("--configDir");
    command.add(confDir.toString());
    command.addAll(split(JobManagerProcessUtils.generateDynamicConfigsStr(spec)));
    return command;
  }

  List<String> taskManager() {
    return taskManager("taskmanager");
  }

  /** A TaskManager whose log and output files are named after {@code process}. */
  List<String> taskManager(String process) {
    Configuration conf = configuration();
    TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(conf);
    List<String> command = java(process, ProcessMemoryUtils.generateJvmParametersStr(spec));
    command.add(TASK_MANAGER_MAIN);
    command.add("--configDir");
    command.add(confDir.toString());
    command.addAll(split(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec)));
    return command;
  }

  Path logFile(String process) {
    return logDir.resolve(process + ".log");
  }

  Path outFile(String process) {
    return logDir.resolve(process + ".out");
  }

  private List<String> java(String process, String memoryFlags) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(split(memoryFlags));
    // Java 17: Flink's module flags (env.java.opts.all of its default config.yaml).
    command.add("@" + dist.jvmArgsFile());
    command.add("-Dai.djl.offline=true");
    command.add("-Dlog.file=" + logFile(process));
    command.add("-Dlog4j.configurationFile=" + confDir.resolve("log4j.properties").toUri());
    command.add("-classpath");
    command.add(dist.classpath());
    return command;
  }

  private static List<String> split(String flags) {
    return Arrays.stream(flags.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }
}
