package dev.streamdycoke.cli;

import dev.streamdycoke.job.args.RunCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code streamdycoke} command line. */
@Command(
    name = "streamdycoke",
    mixinStandardHelpOptions = true,
    version = "StreamDyCoke 0.1.0",
    description = "Real-time video question answering over camera streams on Apache Flink.",
    subcommands = {
      DemoCommand.class,
      RunCommand.class,
      CamerasCommand.class,
      AskCommand.class,
      WatchCommand.class,
      ClusterCommand.class,
      SubmitCommand.class,
      SavepointCommand.class,
      CancelCommand.class
    })
public final class StreamDyCokeCli implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code, without exiting (tests call this). */
  public static int execute(String... args) {
    return new CommandLine(new StreamDyCokeCli()).execute(args);
  }
}
