package dev.streamdycoke.benchmarks.qa;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every completed checkpoint of a job as Flink's REST API reports it ({@code GET
 * /jobs/:id/checkpoints}, the numbers the web UI shows): state_size (the whole state the checkpoint
 * references) and checkpointed_size (what this checkpoint uploaded; for incremental RocksDB the new
 * SST files, for the changelog backend the new changelog plus any materialization).
 */
final class CheckpointHistory {
  /** One completed checkpoint. */
  record Checkpoint(long id, long triggeredAt, long stateSize, long checkpointedSize, long ms) {
    double share() {
      return stateSize == 0 ? 0 : (double) checkpointedSize / stateSize;
    }
  }

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private final URI uri;
  private final List<Checkpoint> completed = new ArrayList<>();
  private long lastPrinted;
  private int failed;

  CheckpointHistory(URI restAddress, String jobId) {
    this.uri = restAddress.resolve("/jobs/" + jobId + "/checkpoints");
  }

  /** Prints the checkpoints completed since the last call, one line each. */
  void printNew() {
    JsonNode root;
    try {
      String body =
          http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
              .body();
      root = json.readTree(body);
    } catch (Exception e) {
      System.out.println("checkpoint statistics unavailable: " + e);
      return;
    }
    failed = root.path("counts").path("failed").asInt();
    List<Checkpoint> fresh = new ArrayList<>();
    for (JsonNode c : root.path("history")) {
      long id = c.path("id").asLong();
      if (id > lastPrinted && c.path("status").asText().equals("COMPLETED")) {
        fresh.add(
            new Checkpoint(
                id,
                c.path("trigger_timestamp").asLong(),
                c.path("state_size").asLong(),
                c.path("checkpointed_size").asLong(),
                c.path("end_to_end_duration").asLong()));
      }
    }
    // The history lists the newest first.
    fresh.sort((a, b) -> Long.compare(a.id(), b.id()));
    for (Checkpoint c : fresh) {
      System.out.printf(
          Locale.ROOT,
          "  checkpoint %4d: state_size %8.1f MB, checkpointed_size (uploaded) %8.1f MB = %3.0f %%,"
              + " %6d ms%n",
          c.id(),
          c.stateSize() / 1e6,
          c.checkpointedSize() / 1e6,
          100 * c.share(),
          c.ms());
      completed.add(c);
      lastPrinted = c.id();
    }
  }

  /** Averages over the checkpoints triggered in the run's second half (steady state). */
  void summarize(long secondHalfStartMillis) {
    List<Checkpoint> steady =
        completed.stream().filter(c -> c.triggeredAt() >= secondHalfStartMillis).toList();
    if (steady.isEmpty()) {
      System.out.println("no completed checkpoint in the second half");
      return;
    }
    double state = steady.stream().mapToLong(Checkpoint::stateSize).average().orElse(0);
    double uploaded = steady.stream().mapToLong(Checkpoint::checkpointedSize).average().orElse(0);
    double maxShare = steady.stream().mapToDouble(Checkpoint::share).max().orElse(0);
    double ms = steady.stream().mapToLong(Checkpoint::ms).average().orElse(0);
    long span = steady.get(steady.size() - 1).triggeredAt() - steady.get(0).triggeredAt();
    double uploadedPerSecond =
        steady.size() < 2
            ? 0
            : steady.subList(1, steady.size()).stream()
                    .mapToLong(Checkpoint::checkpointedSize)
                    .sum()
                / (span / 1e3);
    System.out.printf(
        Locale.ROOT,
        "checkpoints (REST, %d completed in the second half, %d failed in all): state_size mean"
            + " %.1f MB, uploaded mean %.1f MB = %.0f %% (max %.0f %%), %.1f MB/s uploaded,"
            + " duration mean %.0f ms%n",
        steady.size(),
        failed,
        state / 1e6,
        uploaded / 1e6,
        100 * uploaded / state,
        100 * maxShare,
        uploadedPerSecond / 1e6,
        ms);
  }
}
