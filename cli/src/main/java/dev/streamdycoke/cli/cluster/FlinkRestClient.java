package dev.streamdycoke.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The parts of Flink's REST API (flink-runtime-web) the command line needs: upload and run a jar,
 * list jobs, trigger a savepoint and wait for it, cancel. The jar runs its main method inside the
 * JobManager, so the job graph is built with the cluster's own classpath.
 */
public final class FlinkRestClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * @param address {@code http://host:port} or {@code host:port} of the JobManager's REST endpoint
   */
  public FlinkRestClient(String address) {
    String url = address.contains("://") ? address : "http://" + address;
    this.base = URI.create(url.endsWith("/") ? url : url + "/");
  }

  public URI address() {
    return base;
  }

  /** A job as the cluster lists it. */
  public record JobStatus(String id, String name, String state) {}

  /** GET /overview: TaskManagers, slots, running jobs. */
  public JsonNode overview() {
    return send(get("overview"));
  }

  /** Whether the REST endpoint answers at all. */
  public boolean reachable() {
    try {
      overview();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  public List<JobStatus> jobs() {
    List<JobStatus> jobs = new ArrayList<>();
    for (JsonNode job : send(get("jobs/overview")).path("jobs")) {
      jobs.add(
          new JobStatus(
              job.path("jid").asText(), job.path("name").asText(), job.path("state").asText()));
    }
    return jobs;
  }

  public String jobState(String jobId) {
    return send(get("jobs/" + jobId)).path("state").asText();
  }

  /** Uploads a jar; returns its id on the cluster. */
  public String uploadJar(Path jar) {
    String boundary = "streamdycoke-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try {
      body.write(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                  + jar.getFileName()
                  + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      body.write(Files.readAllBytes(jar));
      body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + jar, e);
    }
    JsonNode reply =
        send(
            request("jars/upload")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    String file = reply.path("filename").asText();
    return file.substring(file.lastIndexOf('/') + 1);
  }

  /**
   * Runs an uploaded jar's main class with the given arguments, optionally from a savepoint.
   *
   * @return the job id
   */
  public String runJar(
      String jarId,
      String entryClass,
      List<String> args,
      String savepointPath,
      boolean allowNonRestoredState) {
    ObjectNode body = JSON.createObjectNode();
    if (entryClass != null) {
      body.put("entryClass", entryClass);
    }
    args.forEach(body.putArray("programArgsList")::add);
    if (savepointPath != null) {
      body.put("savepointPath", savepointPath);
      body.put("allowNonRestoredState", allowNonRestoredState);
    }
    return send(post("jars/" + jarId + "/run", body)).path("jobid").asText();
  }

  /**
   * Triggers a savepoint and waits until it completes.
   *
   * @param targetDirectory null for the cluster's default savepoint directory
   * @return the savepoint's location, to resume from
   */
  public String savepoint(
      String jobId, String targetDirectory, boolean cancelJob, Duration timeout) {
    ObjectNode body = JSON.createObjectNode();
    if (targetDirectory != null) {
      body.put("target-directory", targetDirectory);
    }
    body.put("cancel-job", cancelJob);
    String trigger = send(post("jobs/" + jobId + "/savepoints", body)).path("request-id").asText();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode status = send(get("jobs/" + jobId + "/savepoints/" + trigger));
      if ("COMPLETED".equals(status.path("status").path("id").asText())) {
        JsonNode operation = status.path("operation");
        if (operation.has("failure-cause")) {
          throw new IllegalStateException(
              "savepoint of job "
                  + jobId
                  + " failed: "
                  + operation
                      .path("failure-cause")
                      .path("stack-trace")
                      .asText(operation.toString()));
        }
        return operation.path("location").asText();
      }
      sleep(Duration.ofMillis(250));
    }
    throw new IllegalStateException(
        "savepoint of job " + jobId + " did not complete within " + timeout);
  }

  /**
   * Cancels a job (PATCH /jobs/:id?mode=cancel); returns at once, the job then goes to CANCELED.
   */
  public void cancel(String jobId) {
    send(
        request("jobs/" + jobId + "?mode=cancel")
            .method("PATCH", HttpRequest.BodyPublishers.noBody()));
  }

  /**
   * Waits until the job is in the given state; fails early when it reaches another terminal one.
   */
  public void awaitState(String jobId, String state, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String current = null;
    while (System.nanoTime() < deadline) {
      current = jobState(jobId);
      if (current.equals(state)) {
        return;
      }
      if (List.of("FAILED", "CANCELED", "FINISHED").contains(current)) {
        throw new IllegalStateException(
            "job "
                + jobId
                + " is "
                + current
                + ", not "
                + state
                + (current.equals("FAILED") ? ": " + rootException(jobId) : ""));
      }
      sleep(Duration.ofMillis(250));
    }
    throw new IllegalStateException(
        "job " + jobId + " is " + current + " after " + timeout + ", not " + state);
  }

  /** Ids of the TaskManagers registered with the ResourceManager (GET /taskmanagers). */
  public List<String> taskManagerIds() {
    List<String> ids = new ArrayList<>();
    send(get("taskmanagers")).path("taskmanagers").forEach(tm -> ids.add(tm.path("id").asText()));
    return ids;
  }

  /** Slots of one TaskManager, or 0 when it is not (or no longer) registered. */
  public int slots(String taskManagerId) {
    for (JsonNode tm : send(get("taskmanagers")).path("taskmanagers")) {
      if (tm.path("id").asText().equals(taskManagerId)) {
        return tm.path("slotsNumber").asInt();
      }
    }
    return 0;
  }

  /**
   * The checkpoint statistics of a job (GET /jobs/:id/checkpoints): {@code counts.completed},
   * {@code latest.completed.id}, {@code latest.restored.id} (the checkpoint the last restart
   * restored from).
   */
  public JsonNode checkpoints(String jobId) {
    return send(get("jobs/" + jobId + "/checkpoints"));
  }

  /**
   * A job's checkpointing configuration (GET /jobs/:id/checkpoints/config): {@code state_backend},
   * {@code checkpoint_storage}, {@code interval}, {@code mode}.
   */
  public JsonNode checkpointConfig(String jobId) {
    return send(get("jobs/" + jobId + "/checkpoints/config"));
  }

  /** The job's root exception, as the web UI shows it. */
  public String rootException(String jobId) {
    JsonNode history =
        send(get("jobs/" + jobId + "/exceptions")).path("exceptionHistory").path("entries");
    return history.isEmpty()
        ? "(no exception recorded)"
        : history.get(0).path("stacktrace").asText();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT);
  }

  private HttpRequest.Builder get(String path) {
    return request(path).GET();
  }

  private HttpRequest.Builder post(String path, JsonNode body) {
    return request(path)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
  }

  private JsonNode send(HttpRequest.Builder builder) {
    HttpRequest request = builder.build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new FlinkRestException(
            request.method()
                + " "
                + request.uri()
                + " answered "
                + response.statusCode()
                + ": "
                + errors(response.body()));
      }
      String text = response.body();
      return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
    } catch (IOException e) {
      throw new FlinkRestException("cannot reach the Flink REST API at " + base + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FlinkRestException("interrupted", e);
    }
  }

  // Flink answers {"errors": ["...", "<stack trace>"]}; the stack trace holds the user's exception.
  private static String errors(String body) {
    try {
      JsonNode errors = JSON.readTree(body).path("errors");
      List<String> lines = new ArrayList<>();
      errors.forEach(e -> lines.add(e.asText()));
      return lines.isEmpty() ? body : String.join("\n", lines);
    } catch (IOException e) {
      return body;
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FlinkRestException("interrupted", e);
    }
  }

  /** A REST call that failed: unreachable cluster, or an error status with Flink's message. */
  public static final class FlinkRestException extends RuntimeException {
    FlinkRestException(String message) {
      super(message);
    }

    FlinkRestException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
