package dev.streamdycoke.training;

import dev.streamdycoke.model.LlavaOnevisionModel;
import dev.streamdycoke.model.session.SessionOptions;
import dev.streamdycoke.operators.answer.AnswerConfig;
import dev.streamdycoke.operators.answer.CameraAnswerer;
import dev.streamdycoke.operators.answer.InMemoryStoredCache;
import dev.streamdycoke.operators.gate.ChangeGate;
import dev.streamdycoke.operators.gate.GateState;
import dev.streamdycoke.operators.records.CameraQuery;
import dev.streamdycoke.operators.records.FrameTokens;
import dev.streamdycoke.operators.ttm.MergeResult;
import dev.streamdycoke.operators.ttm.TemporalTokenMerger;
import dev.streamdycoke.operators.ttm.TtmConfig;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.simulator.qa.QaExample;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Streams held-out scenes through the job's own operator logic, free of Flink: each frame's tokens
 * through temporal token merging, into the camera's bounded cache and model session ({@link
 * CameraAnswerer}, which evicts, prefills and feeds answers' attention back into the cache), and
 * answers every question at the frame it was asked with the configured decoding (dynamic pruning
 * included). Scores exact match against the ground-truth answer.
 *
 * <p>With the setup's change gate on, a frame the {@link ChangeGate} finds unchanged since the last
 * encoded one is handled as the job handles its unchanged marker: no tower pass, nothing merged
 * (TTM sees a gap in seq), the cache left alone; it still counts as seen, so a question asked at it
 * is answered from the context as of that frame. The encoded frames' tokens were computed once per
 * scene with every frame; skipping only leaves some of them unused.
 *
 * <p>With {@code -Dqa.trace=true} every question is printed with its template, the expected and the
 * given answer, to see what a model gets wrong.
 */
public final class StreamingQaScorer {
  private static final String CAMERA = "held-out";

  private StreamingQaScorer() {}

  /**
   * Asks the camera's context a question at the current frame (anytime answering: the question's
   * own prefill and a few decode steps against the cached tokens); the answer's attention is fed
   * back into the cache as the job does.
   */
  @FunctionalInterface
  public interface Asker {
    Answer ask(String question);
  }

  /** Called after each frame of a scene reached the camera's context (or was skipped). */
  @FunctionalInterface
  public interface FrameListener {
    /**
     * @param kept tokens the frame sent on to the cache after TTM; -1 when the change gate skipped
     *     it (no tower pass, the cache left alone)
     */
    void frame(HeldOutScene scene, int frame, int kept, Asker asker);
  }

  /** Scores {@code setup} on {@code scenes}. */
  public static QaScore score(
      LlavaOnevisionModel model, StreamSetup setup, List<HeldOutScene> scenes) {
    return score(model, setup, scenes, TemporalTokenMerger::create);
  }

  /**
   * Scores {@code setup} on {@code scenes} with the TTM merger {@code mergers} makes for its
   * settings, e.g. one whose references are rounded to another width.
   */
  public static QaScore score(
      LlavaOnevisionModel model,
      StreamSetup setup,
      List<HeldOutScene> scenes,
      Function<TtmConfig, TemporalTokenMerger<?>> mergers) {
    QaScore score = new QaScore();
    int perFrame = model.tokensPerFrame();
    int[] next = new int[1];
    stream(
        model,
        setup,
        scenes,
        mergers,
        (scene, f, kept, asker) -> {
          if (f == 0) {
            next[0] = 0;
          }
          score.addFrame(kept >= 0, perFrame, Math.max(kept, 0));
          List<QaExample> questions = scene.questions();
          while (next[0] < questions.size() && questions.get(next[0]).frameIndex() == f) {
            QaExample q = questions.get(next[0]++);
            Answer answer = asker.ask(q.question());
            String text = answer.getAnswer() == null ? "" : answer.getAnswer().toString();
            double retained = answer.getVisualTokens() / ((double) (f + 1) * perFrame);
            score.add(q.category(), matches(text, q.answer()), retained);
            if (Boolean.getBoolean("qa.trace")) {
              System.out.printf(
                  Locale.ROOT,
                  "%s | %s | expected %s | got %s%n",
                  q.templateId(),
                  q.question(),
                  q.answer(),
                  text);
            }
          }
        });
    return score;
  }

  /**
   * Streams {@code scenes} through {@code setup} and hands every frame to {@code listener}, which
   * may ask any number of questions at it: the one model loop the accuracy and the standing-alert
   * benchmarks share.
   */
  public static void stream(
      LlavaOnevisionModel model,
      StreamSetup setup,
      List<HeldOutScene> scenes,
      FrameListener listener) {
    stream(model, setup, scenes, TemporalTokenMerger::create, listener);
  }

  private static void stream(
      LlavaOnevisionModel model,
      StreamSetup setup,
      List<HeldOutScene> scenes,
      Function<TtmConfig, TemporalTokenMerger<?>> mergers,
      FrameListener listener) {
    AnswerConfig config =
        new AnswerConfig(setup.cache(), setup.decoding(), SessionOptions.eager(), 1);
    int perFrame = model.tokensPerFrame();
    ChangeGate gate = new ChangeGate(setup.gate());
    for (HeldOutScene scene : scenes) {
      TemporalTokenMerger<?> ttm = setup.ttm() == null ? null : mergers.apply(setup.ttm());
      GateState gateState = new GateState();
      try (CameraAnswerer answerer = new CameraAnswerer(model.language(), config)) {
        InMemoryStoredCache stored = new InMemoryStoredCache();
        int[] asked = new int[1];
        Asker asker =
            question -> {
              CameraQuery query =
                  new CameraQuery("q" + ++asked[0], CAMERA, question, 0, 0, 4, null);
              CameraAnswerer.QueryOutcome outcome = answerer.onQuery(CAMERA, stored, query, 0);
              stored.apply(outcome);
              return outcome.answer();
            };
        for (int f = 0; f < scene.tokens().length; f++) {
          int kept = -1;
          if (gate.admit(gateState, f, scene.thumbnails()[f]) != ChangeGate.Decision.SKIP) {
            float[][] frame = scene.tokens()[f];
            MergeResult merged =
                ttm == null ? MergeResult.wholeFrame(f, frame) : ttm.merge(f, frame);
            kept = merged.keptCount();
            stored.apply(
                answerer.onTokens(CAMERA, stored, FrameTokens.of(CAMERA, f, perFrame, merged)));
          }
          listener.frame(scene, f, kept, asker);
        }
      }
    }
  }

  /** Exact match after trimming and lower-casing (the word-level tokenizer decodes lower case). */
  static boolean matches(String text, String expected) {
    return text.trim().toLowerCase(Locale.ROOT).equals(expected);
  }
}
