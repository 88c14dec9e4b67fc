package dev.streamdycoke.benchmarks.qa;

import dev.streamdycoke.cli.DemoCheckpoint;
import dev.streamdycoke.model.LlavaOnevisionModel;
import dev.streamdycoke.model.ModelOptions;
import dev.streamdycoke.operators.ttm.DycokeMerger;
import dev.streamdycoke.operators.ttm.ReferencePrecision;
import dev.streamdycoke.operators.ttm.TemporalTokenMerger;
import dev.streamdycoke.operators.ttm.TtmMode;
import dev.streamdycoke.simulator.qa.QuestionCategory;
import dev.streamdycoke.training.DemoModelEvaluation;
import dev.streamdycoke.training.HeldOutScene;
import dev.streamdycoke.training.QaScore;
import dev.streamdycoke.training.StreamSetup;
import dev.streamdycoke.training.StreamingQaScorer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The QA benchmark's accuracy with DyCoke's references and background rounded to each width keyed
 * state could hold them in (float, binary16, int8), on the same held-out scenes: what the state's
 * width costs in answers. Runs the {@link QaAccuracyBenchmark} setups named below.
 *
 * <pre>
 * tools/run-benchmark.sh dev.streamdycoke.benchmarks.qa.ReferencePrecisionQa 200
 * </pre>
 *
 * Arguments: scenes (200), then optionally a model directory (default: the shipped demo
 * checkpoint).
 */
public final class ReferencePrecisionQa {
  private static final Set<String> SETUPS = Set.of("TTM dycoke K=0.7", "K=0.7, C=128 DECAY");
  private static final int FRAMES = 16;
  private static final int MOMENTS = 3;

  private ReferencePrecisionQa() {}

  public static void main(String[] args) throws Exception {
    int scenes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    Path modelDir = args.length > 1 ? Path.of(args[1]) : DemoCheckpoint.unpack();
    try (LlavaOnevisionModel model = LlavaOnevisionModel.load(modelDir, ModelOptions.cpu())) {
      List<HeldOutScene> held = DemoModelEvaluation.scenes(model, scenes, FRAMES, MOMENTS);
      for (StreamSetup setup : StreamSetups.all(FRAMES, model.tokensPerFrame())) {
        if (!SETUPS.contains(setup.name())) {
          continue;
        }
        for (ReferencePrecision precision : ReferencePrecision.values()) {
          QaScore score =
              StreamingQaScorer.score(
                  model,
                  setup,
                  held,
                  config ->
                      config.mode() == TtmMode.DYCOKE
                          ? new DycokeMerger(config, precision)
                          : TemporalTokenMerger.create(config));
          System.out.printf(
              Locale.ROOT,
              "%d scenes, %s, %s references: overall %.2f %%, memory %.2f %%,"
                  + " retained %.2f %%, %d answers%n",
              scenes,
              setup.name(),
              precision.name().toLowerCase(Locale.ROOT),
              100 * score.overall(),
              100 * score.accuracy(QuestionCategory.MEMORY),
              100 * score.retainedRatio(),
              score.answers());
        }
      }
    }
  }
}
