package dev.streamdycoke.benchmarks.qa;

import dev.streamdycoke.cli.DemoCheckpoint;
import dev.streamdycoke.model.LlavaOnevisionModel;
import dev.streamdycoke.model.ModelOptions;
import dev.streamdycoke.operators.gate.ChangeGateConfig;
import dev.streamdycoke.simulator.qa.QuestionCategory;
import dev.streamdycoke.training.DemoModelEvaluation;
import dev.streamdycoke.training.HeldOutScene;
import dev.streamdycoke.training.QaScore;
import dev.streamdycoke.training.StreamSetup;
import dev.streamdycoke.training.StreamingQaScorer;
import java.util.List;
import java.util.Locale;

/**
 * Full-context QA accuracy behind the change gate at several thresholds, on the first held-out
 * scenes of the QA world: how much of the tower the gate can save on rendered scenes before answers
 * about now suffer. Args: {@code [scenes (60)] [threshold ...]} (default 2.0 1.0 0.5 0.25).
 */
public final class QaGateThresholdSweep {
  private QaGateThresholdSweep() {}

  public static void main(String[] args) {
    int scenes = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    double[] thresholds = {2.0, 1.0, 0.5, 0.25};
    if (args.length > 1) {
      thresholds = new double[args.length - 1];
      for (int i = 1; i < args.length; i++) {
        thresholds[i - 1] = Double.parseDouble(args[i]);
      }
    }
    try (LlavaOnevisionModel model =
        LlavaOnevisionModel.load(DemoCheckpoint.unpack(), ModelOptions.cpu())) {
      List<HeldOutScene> held = DemoModelEvaluation.scenes(model, scenes, 16, 3);
      StreamSetup full = StreamSetup.fullContext(16, model.tokensPerFrame());
      System.out.println(
          "| gate threshold | tower passes saved | now | recent | memory | overall |");
      System.out.println("|---|---:|---:|---:|---:|---:|");
      print("off", StreamingQaScorer.score(model, full, held));
      for (double t : thresholds) {
        QaScore score =
            StreamingQaScorer.score(
                model,
                full.withGate(new ChangeGateConfig(t, ChangeGateConfig.DEFAULT_KEYFRAME_EVERY)),
                held);
        print(String.valueOf(t), score);
      }
    }
  }

  private static void print(String threshold, QaScore s) {
    System.out.printf(
        Locale.ROOT,
        "| %s | %.1f %% | %.1f %% | %.1f %% | %.1f %% | %.1f %% |%n",
        threshold,
        100 * s.towerPassesSaved(),
        100 * s.accuracy(QuestionCategory.NOW),
        100 * s.accuracy(QuestionCategory.RECENT),
        100 * s.accuracy(QuestionCategory.MEMORY),
        100 * s.overall());
  }
}
