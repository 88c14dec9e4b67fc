package dev.streamdycoke.cli;

import dev.streamdycoke.cli.cluster.FlinkRestClient;
import dev.streamdycoke.job.args.DurationConverter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Takes a savepoint of a running job and prints where it is, to resume from with {@code submit
 * --from-savepoint}.
 */
@Command(
    name = "savepoint",
    mixinStandardHelpOptions = true,
    description = "Take a savepoint of a job and print its location.")
public final class SavepointCommand implements Callable<Integer> {
  @Mixin JobManagerOptions where;

  @Parameters(index = "0", paramLabel = "JOB_ID")
  String jobId;

  @Option(
      names = "--dir",
      description =
          "Target directory URI (default: the cluster's execution.checkpointing.savepoint-dir).")
  String directory;

  @Option(names = "--cancel", description = "Cancel the job once the savepoint is complete.")
  boolean cancel;

  @Option(
      names = "--timeout",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description = "Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Override
  public Integer call() {
    FlinkRestClient rest = where.rest();
    String location = rest.savepoint(jobId, directory, cancel, timeout);
    System.out.println("savepoint of job " + jobId + (cancel ? " (job cancelled)" : "") + ":");
    System.out.println(location);
    return 0;
  }
}
