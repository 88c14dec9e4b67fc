package dev.streamdycoke.dist;

import static dev.streamdycoke.dist.ClusterFixture.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.cli.cluster.FlinkRestClient;
import dev.streamdycoke.job.Topics;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.schemas.AnswerStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar on a real Flink session cluster (JobManager and TaskManager in their own JVMs, from
 * the build's cluster layout) against the embedded broker, driven with the command a user runs
 * ({@code submit}, {@code savepoint}, {@code cancel}, {@code cluster status}): a first submission,
 * then a second one on the same TaskManager (DJL's native libraries must come from lib/, or this
 * one fails with "already loaded in another classloader"), a savepoint, a cancel, frames sent while
 * the job is down, and a resume from the savepoint that still has every camera's token cache.
 */
class LocalClusterITCase {
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
  void secondSubmissionRunsAndSavepointKeepsTheCamerasCaches() throws Exception {
    FlinkRestClient rest = fixture.rest();
    String home = fixture.cluster().home().toString();
    // First submission, on topics of its own.
    Topics first = fixture.topics("first-");
    String firstJob = fixture.submit(first, "first", null);
    sendFrames(first, "first-", 4);
    Answer firstAnswer = fixture.askUntilAnsweredAt(firstJob, first, "first-cam-1", 3, true);
    assertEquals(AnswerStatus.OK, firstAnswer.getStatus(), firstAnswer.getError());
    rest.cancel(firstJob);
    rest.awaitState(firstJob, "CANCELED", Duration.ofSeconds(60));

    // Second submission in a row, on the same TaskManager JVM.
    Topics main = fixture.topics("");
    String job = fixture.submit(main, "main", null);
    sendFrames(main, "", 4);
    Map<String, Answer> before = new LinkedHashMap<>();
    for (String camera : CAMERAS) {
      before.put(camera, fixture.askUntilAnsweredAt(job, main, camera, 3, true));
    }

    List<String> savepointOut =
        cli(
            "savepoint",
            job,
            "--dir",
            work.resolve("savepoints").toUri().toString(),
            "--cluster-home",
            home);
    String savepoint = savepointOut.get(savepointOut.size() - 1);
    assertTrue(savepoint.startsWith("file:"), savepoint);
    cli("cancel", job, "--cluster-home", home);
    assertEquals("CANCELED", rest.jobState(job));
    // Frames keep coming while the job is down; the resumed job reads them from the savepoint's
    // offsets.
    sendFrames(main, "", 4);

    String resumed = fixture.submit(main, "main", savepoint);
    for (String camera : CAMERAS) {
      Answer b = before.get(camera);
      Answer a = fixture.askUntilAnsweredAt(resumed, main, camera, 7, true);
      assertEquals(AnswerStatus.OK, a.getStatus(), a.getError());
      assertEquals(AnswerStatus.OK, b.getStatus(), b.getError());
      assertEquals(0, b.getFirstSeq(), camera);
      // The cache still starts at frame 0: the frames merged before the savepoint were restored,
      // and the new ones added to them (a fresh cache would start at frame 4 with fewer tokens).
      assertEquals(0, a.getFirstSeq(), camera + ": cache restored from the savepoint");
      assertEquals(7, a.getLastSeq(), camera);
      System.out.printf(
          "%s: before the savepoint frames %d-%d, %d tokens; after the resume frames %d-%d, %d tokens%n",
          camera,
          b.getFirstSeq(),
          b.getLastSeq(),
          b.getVisualTokens(),
          a.getFirstSeq(),
          a.getLastSeq(),
          a.getVisualTokens());
      assertTrue(
          a.getVisualTokens() > b.getVisualTokens(),
          camera
              + ": cache fill continues, "
              + b.getVisualTokens()
              + " -> "
              + a.getVisualTokens()
              + " tokens");
    }

    // Exactly once across cancel and resume: no query answered twice for a camera.
    Map<String, Long> answersPerQuery =
        fixture.readAll(main).stream()
            .collect(
                Collectors.groupingBy(
                    a -> a.getQueryId() + "/" + a.getCameraId(), Collectors.counting()));
    answersPerQuery.forEach(
        (key, count) -> assertEquals(1L, count, key + " answered more than once"));
    assertTrue(
        cli("cluster", "status", "--cluster-home", home).stream()
            .anyMatch(line -> line.contains(resumed) && line.contains("RUNNING")));
    rest.cancel(resumed);
    rest.awaitState(resumed, "CANCELED", Duration.ofSeconds(60));
  }

  /** Frames of cam-1 (seed 1) and cam-2 (seed 2), their ids prefixed. */
  private static void sendFrames(Topics topics, String prefix, int count) throws Exception {
    for (int i = 0; i < CAMERAS.length; i++) {
      fixture.sendFrames(topics, prefix + CAMERAS[i], i + 1, count);
    }
  }
}
