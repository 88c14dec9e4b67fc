package dev.streamdycoke.training;

import dev.streamdycoke.model.LlavaOnevisionModel;
import dev.streamdycoke.model.ModelOptions;
import dev.streamdycoke.simulator.qa.QuestionCategory;
import dev.streamdycoke.simulator.qa.QuestionGenerator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Full-context accuracy of a checkpoint on held-out scenes, per question category.
 *
 * <p>Usage: {@code DemoModelEvaluation DIR [scenes] [frames] [moments] [first]}: {@code first}
 * (default 0) is the index of the first held-out scene. The reported accuracy uses scenes from 0;
 * choosing between training runs uses scenes from {@link #VALIDATION_FIRST}, so that the choice
 * does not flatter the reported numbers.
 */
public final class DemoModelEvaluation {
  /** Seed of the question generator for held-out questions. */
  public static final long QUESTION_SEED = 424242;

  /** Index of the first held-out scene used to choose between training runs. */
  public static final int VALIDATION_FIRST = 100_000;

  private DemoModelEvaluation() {}

  /** Prepares {@code scenes} held-out scenes (seeds from {@link DemoWorld#HELD_OUT_SEEDS}). */
  public static List<HeldOutScene> scenes(
      LlavaOnevisionModel model, int scenes, int frames, int moments) {
    return scenes(model, 0, scenes, frames, moments);
  }

  /** As {@link #scenes(LlavaOnevisionModel, int, int, int)}, from held-out scene {@code first}. */
  public static List<HeldOutScene> scenes(
      LlavaOnevisionModel model, int first, int scenes, int frames, int moments) {
    QuestionGenerator generator = new QuestionGenerator(QUESTION_SEED + first);
    List<HeldOutScene> out = new ArrayList<>();
    for (int i = first; i < first + scenes; i++) {
      out.add(
          HeldOutScene.prepare(
              DemoWorld.HELD_OUT_SEEDS + i, frames, moments, model.encoder(), generator));
    }
    return out;
  }

  /** One line per category and overall. */
  public static String format(QaScore score) {
    StringBuilder sb = new StringBuilder();
    for (QuestionCategory c : QuestionCategory.values()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-7s %5.1f %% of %d%n",
              c.name().toLowerCase(Locale.ROOT),
              100 * score.accuracy(c),
              score.asked(c)));
    }
    sb.append(
        String.format(
            Locale.ROOT, "overall %5.1f %% of %d%n", 100 * score.overall(), score.answers()));
    return sb.toString();
  }

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int scenes = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    int frames = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int moments = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    int first = args.length > 4 ? Integer.parseInt(args[4]) : 0;
    long start = System.nanoTime();
    try (LlavaOnevisionModel model = LlavaOnevisionModel.load(dir, ModelOptions.cpu())) {
      List<HeldOutScene> held = scenes(model, first, scenes, frames, moments);
      QaScore score =
          StreamingQaScorer.score(
              model, StreamSetup.fullContext(frames, model.tokensPerFrame()), held);
      System.out.printf(
          Locale.ROOT,
          "%s: %d held-out scenes of %d frames from scene %d, full context%n%s",
          dir,
          scenes,
          frames,
          first,
          format(score));
    }
    System.out.printf(Locale.ROOT, "evaluated in %.1f s%n", (System.nanoTime() - start) / 1e9);
  }
}
