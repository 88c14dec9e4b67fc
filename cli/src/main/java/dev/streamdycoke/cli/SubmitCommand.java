package dev.streamdycoke.cli;

import dev.streamdycoke.cli.cluster.FlinkDistribution;
import dev.streamdycoke.cli.cluster.FlinkRestClient;
import dev.streamdycoke.job.args.RunCommand;
import dev.streamdycoke.job.cluster.ClusterJobMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * Submits the job jar to a Flink cluster through its REST API: the jar is uploaded and its main
 * runs in the JobManager with the {@code run} command's options.
 */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = {
      "Submit the job to a Flink cluster (REST API). Every option of `run` is passed to the job, e.g.",
      "  submit --model /models/ov --bootstrap-servers kafka:9092 --state-dir file:///data/checkpoints"
    })
public final class SubmitCommand implements Callable<Integer> {
  @Mixin JobManagerOptions where;

  @Option(
      names = "--jar",
      description = "Job jar (default: usrlib/streamdycoke-job.jar of the build's cluster layout).")
  Path jar;

  @Option(
      names = "--from-savepoint",
      description = "Savepoint (or retained checkpoint) to resume from.")
  String fromSavepoint;

  @Option(
      names = "--allow-non-restored-state",
      description = "Resume even when some savepoint state maps to no operator.")
  boolean allowNonRestoredState;

  @Unmatched List<String> jobArgs = new ArrayList<>();

  @Override
  public Integer call() {
    // Parsed here first: a typo fails now, not as a stack trace from the JobManager.
    new CommandLine(new RunCommand()).parseArgs(jobArgs.toArray(String[]::new));
    Path jobJar = jar != null ? jar : FlinkDistribution.locate(null).jobJar();
    if (!Files.isRegularFile(jobJar)) {
      throw new IllegalArgumentException(
          "no job jar at " + jobJar + "; build it with mvn -B -DskipTests package, or pass --jar");
    }
    FlinkRestClient rest = where.rest();
    String jarId = rest.uploadJar(jobJar);
    String jobId =
        rest.runJar(
            jarId, ClusterJobMain.class.getName(), jobArgs, fromSavepoint, allowNonRestoredState);
    System.out.println(
        "submitted job "
            + jobId
            + " to "
            + rest.address()
            + (fromSavepoint != null ? " from savepoint " + fromSavepoint : ""));
    System.out.println(jobId);
    return 0;
  }
}
