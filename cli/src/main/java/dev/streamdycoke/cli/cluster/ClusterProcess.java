package dev.streamdycoke.cli.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One JVM of a local cluster, found again through its pid file, so that {@code cluster stop} in a
 * later command can end what {@code cluster start} began.
 */
final class ClusterProcess {
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private final String name;
  private final Path pidFile;

  ClusterProcess(String name, Path home) {
    this.name = name;
    this.pidFile = home.resolve(name + ".pid");
  }

  String name() {
    return name;
  }

  /**
   * Starts the command with stdout and stderr going to {@code out}, (appended), and records its
   * pid.
   *
   * @param detach run it in a session of its own (setsid), so that Ctrl-C in the terminal that
   *     started it, or closing that terminal, does not end a cluster meant to outlive the command
   */
  ProcessHandle start(List<String> command, Path out, boolean detach) {
    List<String> line = command;
    if (detach && Files.isExecutable(SETSID)) {
      // setsid execs in place (the JVM's child is no group leader), so the pid stays the java one.
      line = new java.util.ArrayList<>(command);
      line.add(0, SETSID.toString());
    }
    try {
      Process process =
          new ProcessBuilder(line)
              .redirectErrorStream(true)
              // Appended: a TaskManager started again after a crash keeps the first one's output.
              .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      Files.writeString(pidFile, Long.toString(process.pid()));
      return process.toHandle();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the " + name, e);
    }
  }

  /** The running process of the pid file, if it is still a java process. */
  Optional<ProcessHandle> running() {
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          // A pid may be reused after a reboot: only a java process counts as ours.
          .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(true));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Kills the process at once (SIGKILL, as {@code kill -9}: no shutdown hook, no clean
   * deregistration) and waits until it is gone; returns whether one was running.
   */
  boolean kill() {
    Optional<ProcessHandle> process = running();
    process.ifPresent(
        p -> {
          p.destroyForcibly();
          p.onExit().join();
        });
    return process.isPresent();
  }

  /**
   * Asks the process to stop (SIGTERM: Flink shuts down cleanly), kills it after the grace time.
   */
  boolean stop(Duration grace) {
    Optional<ProcessHandle> process = running();
    process.ifPresent(
        p -> {
          p.destroy();
          try {
            p.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
          } catch (Exception e) {
            p.destroyForcibly();
            p.onExit().join();
          }
        });
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException ignored) {
      // A stale pid file is ignored by running() once the process is gone.
    }
    return process.isPresent();
  }
}
