package dev.streamdycoke.benchmarks.qa;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of this process by thread name, from {@code /proc/self/task} (Linux): Flink's task
 * threads, RocksDB's flush and compaction threads, the garbage collector and the JIT alike. On a
 * shared machine, CPU seconds per frame say what the job costs whatever share of the cores it got.
 */
final class ThreadCpu {
  private static final Path TASKS = Path.of("/proc/self/task");
  private static final double TICKS_PER_SECOND = 100;

  /** CPU seconds per thread group, at one moment. */
  static Map<String, Double> snapshot() {
    Map<String, Double> seconds = new HashMap<>();
    try (Stream<Path> tasks = Files.list(TASKS)) {
      tasks.forEach(
          task -> {
            try {
              String stat = Files.readString(task.resolve("stat"));
              // pid (comm) state ppid ...: comm may hold spaces, so split after its ')'.
              String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
              String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
              double cpu =
                  (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
              seconds.merge(group(comm), cpu, Double::sum);
            } catch (IOException | RuntimeException e) {
              // The thread ended while being read.
            }
          });
    } catch (IOException e) {
      return Map.of();
    }
    return seconds;
  }

  /** Thread names without their numbers, so that a pool's threads add up. */
  private static String group(String comm) {
    return comm.replaceAll("[0-9#]+", "#").replaceAll("\\(#/#\\)", "").trim();
  }

  /** Prints the CPU seconds between two snapshots per group, largest first, and per frame. */
  static void print(Map<String, Double> from, Map<String, Double> to, long frames) {
    Map<String, Double> used = new HashMap<>();
    to.forEach((name, s) -> used.put(name, s - from.getOrDefault(name, 0.0)));
    double total = used.values().stream().mapToDouble(Double::doubleValue).sum();
    System.out.printf(
        Locale.ROOT,
        "CPU in the second half: %.1f s, %.1f ms per merged frame (%d frames); by thread:%n",
        total,
        frames == 0 ? 0 : 1e3 * total / frames,
        frames);
    used.entrySet().stream()
        .filter(e -> e.getValue() >= 0.01 * total)
        .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
        .forEach(
            e ->
                System.out.printf(
                    Locale.ROOT,
                    "  %-20s %6.1f s  %3.0f %%%n",
                    e.getKey(),
                    e.getValue(),
                    100 * e.getValue() / total));
  }
}
