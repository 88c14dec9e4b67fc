package dev.streamdycoke.cli;

import dev.streamdycoke.cli.cluster.FlinkRestClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Cancels a job and waits until the cluster reports it cancelled. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = "Cancel a job (take a savepoint first to resume it later).")
public final class CancelCommand implements Callable<Integer> {
  @Mixin JobManagerOptions where;

  @Parameters(index = "0", paramLabel = "JOB_ID")
  String jobId;

  @Override
  public Integer call() {
    FlinkRestClient rest = where.rest();
    rest.cancel(jobId);
    rest.awaitState(jobId, "CANCELED", Duration.ofMinutes(1));
    System.out.println("job " + jobId + " cancelled");
    return 0;
  }
}
