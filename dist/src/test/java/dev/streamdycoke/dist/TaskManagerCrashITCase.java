package dev.streamdycoke.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamdycoke.cli.cluster.FlinkRestClient;
import dev.streamdycoke.job.Topics;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TaskManager crash in the middle of the stream, on the local cluster with its own settings
 * (restart strategy, heartbeats): the TaskManager process is killed with SIGKILL while frames and
 * queries are in flight, an operator starts a new one with {@code cluster taskmanager start}, and
 * the job restarts from its last checkpoint (RocksDB, incremental checkpoints every second on the
 * local filesystem). Afterwards every query has exactly one committed answer, and each camera's
 * token cache goes on from the checkpointed frames as if nothing had happened: it matches a
 * reference camera that saw the same frames and no crash.
 */
class TaskManagerCrashITCase {
  private static final String[] CAMERAS = {"cam-1", "cam-2"};

  @TempDir static Path work;
  private static ClusterFixture fixture;

  @RegisterExtension
  static final TestWatcher LOGS_ON_FAILURE = ClusterFixture.logsOnFailure(() -> fixture);

  @BeforeAll
  static void startKafkaAndCluster() {
    fixture = ClusterFixture.start(work, config -> config);
  }

  @AfterAll
  static void stopAll() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void everyQueryIsAnsweredOnceAndTheCachesResumeFromTheCheckpoint() throws Exception {
    FlinkRestClient rest = fixture.rest();
    Topics topics = fixture.topics("");
    // RocksDB, as the Helm chart deploys it: its options (16 level-0 files by default) come from
    // the job's own options factory, which the TaskManagers must load from the job jar.
    String job = fixture.submit(topics, "crash", null, "--state-backend", "rocksdb");
    assertEquals(
        "EmbeddedRocksDBStateBackend",
        rest.checkpointConfig(job).path("state_backend").asText(),
        rest.checkpointConfig(job).toString());

    // Frames 0-3 are in a completed checkpoint once an answer at frame 3 is visible
    // (read_committed).
    sendFrames(topics, "", 4);
    for (String camera : CAMERAS) {
      Answer answer = fixture.askUntilAnsweredAt(job, topics, camera, 3, true);
      assertEquals(AnswerStatus.OK, answer.getStatus(), answer.getError());
    }
    long checkpointBeforeCrash =
        rest.checkpoints(job).path("latest").path("completed").path("id").asLong();

    // In flight when the TaskManager dies: frames 4-5 and a few queries.
    sendFrames(topics, "", 2);
    for (String camera : CAMERAS) {
      fixture.ask(topics, camera);
      fixture.ask(topics, camera);
    }
    ProcessHandle taskManager = fixture.cluster().taskManagerProcess().orElseThrow();
    assertTrue(taskManager.destroyForcibly(), "SIGKILL to TaskManager " + taskManager.pid());
    taskManager.onExit().join();
    // Queries keep coming while no TaskManager runs.
    for (String camera : CAMERAS) {
      fixture.ask(topics, camera);
    }

    String home = fixture.cluster().home().toString();
    List<String> started =
        ClusterFixture.cli("cluster", "taskmanager", "start", "--cluster-home", home);
    // The killed one's number is free again: the new one takes its pid file and log.
    String newPid = String.join("\n", started).replaceAll("(?s).*taskmanager pid (\\d+).*", "$1");
    assertTrue(
        fixture.cluster().processes().contains("taskmanager pid " + newPid),
        fixture.cluster().processes().toString());
    assertFalse(
        fixture.cluster().processes().stream()
            .anyMatch(p -> p.endsWith(" pid " + taskManager.pid())));
    long restored = awaitRestore(rest, job);
    assertTrue(
        restored >= checkpointBeforeCrash,
        "restored from checkpoint "
            + restored
            + ", the last one before the crash was "
            + checkpointBeforeCrash);
    rest.awaitState(job, "RUNNING", Duration.ofSeconds(60));

    // Frames 6-7 after the restart; reference cameras get the same scenes (same seeds), all
    // after the restart: what the caches hold when no crash happened.
    sendFrames(topics, "", 2);
    sendFrames(topics, "ref-", 8);
    for (String camera : CAMERAS) {
      Answer crashed = fixture.askUntilAnsweredAt(job, topics, camera, 7, false);
      Answer reference = fixture.askUntilAnsweredAt(job, topics, "ref-" + camera, 7, false);
      System.out.printf(
          "%s: frames %d-%d, %d visual tokens; without the crash frames %d-%d, %d visual tokens%n",
          camera,
          crashed.getFirstSeq(),
          crashed.getLastSeq(),
          crashed.getVisualTokens(),
          reference.getFirstSeq(),
          reference.getLastSeq(),
          reference.getVisualTokens());
      assertEquals(AnswerStatus.OK, crashed.getStatus(), crashed.getError());
      // A cache lost in the crash would restart at frame 4 (the checkpointed offsets); frames
      // merged twice would add tokens.
      assertEquals(0, crashed.getFirstSeq(), camera + ": cache restored from the checkpoint");
      assertEquals(7, crashed.getLastSeq(), camera);
      assertEquals(reference.getFirstSeq(), crashed.getFirstSeq(), camera);
      assertEquals(
          reference.getVisualTokens(),
          crashed.getVisualTokens(),
          camera + ": the same visual tokens as a camera that saw the same frames without a crash");
    }

    // Exactly once: every query sent, before, during and after the crash, has one committed answer.
    Map<String, Long> answersPerQuery =
        fixture.readAll(topics).stream()
            .collect(
                Collectors.groupingBy(Answer::getQueryId, TreeMap::new, Collectors.counting()));
    assertEquals(
        new TreeSet<>(fixture.sentQueries()), answersPerQuery.keySet(), "every query answered");
    Map<String, Long> duplicated =
        answersPerQuery.entrySet().stream()
            .filter(e -> e.getValue() != 1)
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertEquals(Map.of(), duplicated, "queries answered more than once");
    System.out.printf(
        "%d queries, one answer each; restored from checkpoint %d%n",
        answersPerQuery.size(), restored);

    rest.cancel(job);
    rest.awaitState(job, "CANCELED", Duration.ofSeconds(60));
  }

  /** Waits until the job has restarted from a checkpoint; returns that checkpoint's id. */
  private static long awaitRestore(FlinkRestClient rest, String job) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode restored = rest.checkpoints(job).path("latest").path("restored");
      if (restored.hasNonNull("id")) {
        return restored.path("id").asLong();
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "job " + job + " did not restore from a checkpoint; it is " + rest.jobState(job));
  }

  private static void sendFrames(Topics topics, String prefix, int count) throws Exception {
    for (int i = 0; i < CAMERAS.length; i++) {
      fixture.sendFrames(topics, prefix + CAMERAS[i], i + 1, count);
    }
  }
}
