package dev.streamdycoke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo's status counters from REST answers shaped as Flink's: operator-prefixed names, summed
 * over subtasks and vertices, cameras retired not double-counted.
 */
class JobMetricsTest {
  private static final String JOB = "0123456789abcdef0123456789abcdef";

  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    Map<String, String> answers =
        Map.of(
            "/jobs/" + JOB,
            "{\"jid\":\""
                + JOB
                + "\",\"vertices\":[{\"id\":\"v1\",\"name\":\"decode\"},"
                + "{\"id\":\"v2\",\"name\":\"encode\"},{\"id\":\"v3\",\"name\":\"answer\"}]}",
            "/jobs/" + JOB + "/vertices/v1/subtasks/metrics",
            "[{\"id\":\"numRecordsIn\"},{\"id\":\"Decode_frames.framesShed_STALE_BEFORE_DECODE\"}]",
            "/jobs/" + JOB + "/vertices/v2/subtasks/metrics",
            "[{\"id\":\"Encode_and_merge.framesSkippedUnchanged\"},"
                + "{\"id\":\"Encode_and_merge.framesShed_STALE_BEFORE_ENCODE\"},"
                + "{\"id\":\"Encode_and_merge.camerasRetired\"}]",
            "/jobs/" + JOB + "/vertices/v3/subtasks/metrics",
            "[{\"id\":\"Answer.camerasRetired\"},{\"id\":\"Answer.liveSessions\"}]");
    Map<String, String> sums =
        Map.of(
            "v1",
            "[{\"id\":\"Decode_frames.framesShed_STALE_BEFORE_DECODE\",\"sum\":7.0}]",
            "v2",
            "[{\"id\":\"Encode_and_merge.framesSkippedUnchanged\",\"sum\":40.0},"
                + "{\"id\":\"Encode_and_merge.framesShed_STALE_BEFORE_ENCODE\",\"sum\":3.0},"
                + "{\"id\":\"Encode_and_merge.camerasRetired\",\"sum\":2.0}]",
            "v3",
            "[{\"id\":\"Answer.camerasRetired\",\"sum\":2.0}]");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          String query = exchange.getRequestURI().getQuery();
          String body;
          if (query == null) {
            body = answers.get(path);
          } else {
            // Only the names listed for the vertex may be asked for, summed.
            String vertex = path.split("/")[4];
            body = query.contains("agg=sum") ? sums.get(vertex) : null;
          }
          byte[] bytes = (body == null ? "{}" : body).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void sumsOperatorPrefixedCountersAndCountsEachRetiredCameraOnce() throws Exception {
    JobMetrics metrics = new JobMetrics("http://127.0.0.1:" + server.getAddress().getPort(), JOB);

    JobMetrics.Counts counts = metrics.read();

    assertEquals(new JobMetrics.Counts(7, 3, 40, 2), counts);
    assertEquals(10, counts.shed());
  }

  @Test
  void anUnreachableRestApiGivesAStatusNoteInsteadOfFailing() {
    server.stop(0);
    String line =
        DemoCommand.loadCounts(
            new JobMetrics("http://127.0.0.1:" + server.getAddress().getPort(), JOB));

    assertEquals(true, line.startsWith("job metrics unavailable"), line);
  }
}
