package dev.streamdycoke.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamdycoke.operators.shed.ShedReason;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the job's load counters (frames shed, frames skipped unchanged, cameras retired) from
 * Flink's REST API, summed over every subtask, for the demo's status line.
 *
 * <p>Operator metrics appear in the REST API under the operator's name ({@code
 * <operator>.framesSkippedUnchanged}), and that name changes with chaining, so each read lists a
 * vertex's metric names and picks those ending in the wanted name. The REST API's values come from
 * a metric fetcher that refreshes every few seconds ({@code metrics.fetcher.update-interval}), so
 * they trail the job slightly.
 */
public final class JobMetrics {
  static final String SHED_BEFORE_DECODE = ShedReason.STALE_BEFORE_DECODE.metricName();
  static final String SHED_BEFORE_ENCODE = ShedReason.STALE_BEFORE_ENCODE.metricName();
  static final String SKIPPED_UNCHANGED = "framesSkippedUnchanged";
  static final String CAMERAS_RETIRED = "camerasRetired";

  private static final List<String> NAMES =
      List.of(SHED_BEFORE_DECODE, SHED_BEFORE_ENCODE, SKIPPED_UNCHANGED, CAMERAS_RETIRED);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /**
   * The counters at one read; a counter no subtask reports yet is 0.
   *
   * @param camerasRetired the largest count of any one operator: encode-and-merge and answer each
   *     retire (and count) the same idle cameras, so a sum would count each camera twice
   */
  public record Counts(
      long shedBeforeDecode, long shedBeforeEncode, long skippedUnchanged, long camerasRetired) {
    public long shed() {
      return shedBeforeDecode + shedBeforeEncode;
    }
  }

  private final String job;
  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  /**
   * @param webUrl the REST endpoint, {@code http://host:port}
   */
  public JobMetrics(String webUrl, String jobId) {
    this.base = URI.create(webUrl.endsWith("/") ? webUrl : webUrl + "/");
    this.job = jobId;
  }

  public Counts read() throws IOException, InterruptedException {
    Map<String, Long> sums = new HashMap<>();
    long retired = 0;
    for (JsonNode vertex : get("jobs/" + job).path("vertices")) {
      String vertexPath = "jobs/" + job + "/vertices/" + vertex.path("id").asText();
      List<String> wanted = new ArrayList<>();
      for (JsonNode metric : get(vertexPath + "/subtasks/metrics")) {
        String id = metric.path("id").asText();
        if (NAMES.stream().anyMatch(n -> id.equals(n) || id.endsWith("." + n))) {
          wanted.add(id);
        }
      }
      if (wanted.isEmpty()) {
        continue;
      }
      String query =
          "?agg=sum&get=" + URLEncoder.encode(String.join(",", wanted), StandardCharsets.UTF_8);
      for (JsonNode metric : get(vertexPath + "/subtasks/metrics" + query)) {
        String id = metric.path("id").asText();
        long value = Math.round(metric.path("sum").asDouble());
        String name = id.substring(id.lastIndexOf('.') + 1);
        if (name.equals(CAMERAS_RETIRED)) {
          retired = Math.max(retired, value);
        } else {
          sums.merge(name, value, Long::sum);
        }
      }
    }
    return new Counts(
        sums.getOrDefault(SHED_BEFORE_DECODE, 0L),
        sums.getOrDefault(SHED_BEFORE_ENCODE, 0L),
        sums.getOrDefault(SKIPPED_UNCHANGED, 0L),
        retired);
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path + " answered " + response.statusCode());
    }
    return JSON.readTree(response.body());
  }
}
