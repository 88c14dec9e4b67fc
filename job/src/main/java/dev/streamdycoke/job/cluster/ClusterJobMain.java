package dev.streamdycoke.job.cluster;

import dev.streamdycoke.job.args.RunCommand;
import picocli.CommandLine;

/**
 * The main class of the cluster job jar: the {@code run} command's options, the job built and
 * submitted from inside the cluster (the REST API's jar run, {@code flink run}, or the Kubernetes
 * operator's application mode).
 *
 * <p>Unlike the command line's main it never calls {@code System.exit}: on a session cluster this
 * method runs inside the JobManager, which must live on; failures are thrown so that the submitter
 * sees them.
 */
public final class ClusterJobMain {
  private ClusterJobMain() {}

  public static void main(String[] args) throws Exception {
    CommandLine command = new CommandLine(new RunCommand());
    command.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          throw e;
        });
    command.setParameterExceptionHandler(
        (e, parsed) -> {
          throw e;
        });
    int code = command.execute(args);
    if (code != 0) {
      throw new IllegalArgumentException(
          "invalid job arguments (exit code " + code + "): " + String.join(" ", args));
    }
  }
}
