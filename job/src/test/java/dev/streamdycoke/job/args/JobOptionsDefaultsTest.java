package dev.streamdycoke.job.args;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamdycoke.job.JobSettings;
import dev.streamdycoke.job.StateStorage;
import dev.streamdycoke.job.Topics;
import dev.streamdycoke.operators.ModelSpec;
import dev.streamdycoke.operators.answer.AnswerConfig;
import dev.streamdycoke.operators.cache.TokenCacheConfig;
import dev.streamdycoke.operators.standing.StandingLimits;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A user who passes no flag runs the documented defaults: the run command's parsed defaults are
 * exactly {@link JobSettings#defaults} and {@link Topics#defaults}, so a default changed in a
 * config class changes the command line with it.
 */
class JobOptionsDefaultsTest {
  @Test
  void runWithoutFlagsUsesTheConfigClassesDefaults() {
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs("--model", "/models/demo");
    JobSettings parsed = run.job().settings(run.model());
    JobSettings defaults =
        JobSettings.defaults(
            new ModelSpec(
                Path.of("/models/demo").toAbsolutePath().toString(), ModelSpec.DEFAULT_DEVICE));

    assertEquals(defaults.model(), parsed.model());
    assertEquals(defaults.ttm(), parsed.ttm());
    assertEquals(defaults.batching(), parsed.batching());
    assertEquals(defaults.frameLimits(), parsed.frameLimits());
    assertEquals(defaults.queryLimits(), parsed.queryLimits());
    assertEquals(defaults.checkpointInterval(), parsed.checkpointInterval());
    assertEquals(defaults.gate(), parsed.gate());
    assertEquals(defaults.maxFrameAge(), parsed.maxFrameAge());
    assertEquals(defaults.standing(), parsed.standing());
    AnswerConfig want = defaults.answering();
    AnswerConfig got = parsed.answering();
    assertEquals(want.decoding(), got.decoding());
    assertEquals(want.sessions(), got.sessions());
    assertEquals(want.maxLiveSessions(), got.maxLiveSessions());
    TokenCacheConfig wantCache = want.cache();
    TokenCacheConfig gotCache = got.cache();
    assertEquals(wantCache.capacity(), gotCache.capacity());
    assertEquals(wantCache.active(), gotCache.active());
    assertEquals(wantCache.policy().name(), gotCache.policy().name());
    assertEquals(wantCache.scoreAlpha(), gotCache.scoreAlpha());
    assertEquals(wantCache.relevantAttention(), gotCache.relevantAttention());
    assertEquals(Topics.defaults(), run.kafka().topics());
    assertEquals(StateStorage.defaults(), run.job().stateStorage());
  }

  @Test
  void standingLimitsAreFlags() {
    RunCommand run = new RunCommand();
    new CommandLine(run)
        .parseArgs(
            "--model",
            "/models/demo",
            "--standing-max-per-camera",
            "8",
            "--standing-max-per-job",
            "500",
            "--standing-evaluations-per-second",
            "1000");
    StandingLimits limits = run.job().settings(run.model()).standing();

    assertEquals(8, limits.maxPerCamera());
    assertEquals(500, limits.maxPerJob());
    assertEquals(1000.0, limits.evaluationsPerSecond());
    assertEquals(StandingLimits.defaults().maxHold(), limits.maxHold());
  }

  @Test
  void theActiveTokenBudgetIsOneNumber() {
    assertEquals(
        TokenCacheConfig.DEFAULT_ACTIVE,
        JobSettings.defaults(new ModelSpec("/m", "cpu")).answering().decoding().activeTokens());
  }
}
