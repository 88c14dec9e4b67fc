package dev.streamdycoke.benchmarks.standing;

import dev.streamdycoke.benchmarks.qa.StreamSetups;
import dev.streamdycoke.cli.DemoCheckpoint;
import dev.streamdycoke.model.LlavaOnevisionModel;
import dev.streamdycoke.model.ModelOptions;
import dev.streamdycoke.model.session.AnswerSettings;
import dev.streamdycoke.operators.cache.TokenCacheConfig;
import dev.streamdycoke.operators.gate.ChangeGateConfig;
import dev.streamdycoke.operators.standing.EventEmitter;
import dev.streamdycoke.operators.standing.StandingQuestion;
import dev.streamdycoke.operators.standing.StandingRule;
import dev.streamdycoke.operators.standing.StandingSchedule;
import dev.streamdycoke.operators.ttm.TtmConfig;
import dev.streamdycoke.schemas.Answer;
import dev.streamdycoke.simulator.qa.AnswerVocabulary;
import dev.streamdycoke.simulator.qa.Visibility;
import dev.streamdycoke.simulator.scene.GroundTruth;
import dev.streamdycoke.simulator.scene.Motion;
import dev.streamdycoke.simulator.scene.ObjectColour;
import dev.streamdycoke.simulator.scene.ObjectKind;
import dev.streamdycoke.simulator.scene.SceneSimulator;
import dev.streamdycoke.simulator.scene.VisibleObject;
import dev.streamdycoke.training.DemoModelEvaluation;
import dev.streamdycoke.training.DemoWorld;
import dev.streamdycoke.training.HeldOutScene;
import dev.streamdycoke.training.StreamSetup;
import dev.streamdycoke.training.StreamingQaScorer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Alert quality of standing questions with ground truth: held-out scenes of the QA world stream
 * through the job's operator logic ({@link StreamingQaScorer#stream}), standing questions ("is
 * there a &lt;colour&gt; &lt;kind&gt;?", "is anything stopped?") are evaluated on every frame the
 * change gate passes ({@link StandingSchedule}, every_frames 1) and turned into events by the job's
 * own {@link EventEmitter} (ON_CHANGE, hold K). The events' transitions are compared with the
 * simulator's: precision and recall of emitted transitions, a transition right when it names the
 * new answer and comes at most one frame early and at most max(1, K) frames late (the hold delays
 * an event by K - 1 frames).
 *
 * <p>Per scene the questions are "is anything stopped?" and "is there a &lt;colour&gt;
 * &lt;kind&gt;?" for the first {@code --pairs} kind-colour pairs (enum order) that are seen in some
 * frame of the scene, so that there is something to alert on. A frame where only a partly visible
 * object matches (see {@link Visibility}) has no truth: it neither starts nor ends a state.
 *
 * <p>Usage: {@code StandingAlertBenchmark [--model DIR] [--scenes 50] [--frames 16] [--pairs 2]}.
 */
public final class StandingAlertBenchmark {
  private static final int[] HOLDS = {1, 2};

  private StandingAlertBenchmark() {}

  public static void main(String[] args) {
    Map<String, String> options = options(args);
    Path modelDir =
        options.containsKey("--model") ? Path.of(options.get("--model")) : DemoCheckpoint.unpack();
    int scenes = Integer.parseInt(options.getOrDefault("--scenes", "50"));
    int frames = Integer.parseInt(options.getOrDefault("--frames", "16"));
    int pairs = Integer.parseInt(options.getOrDefault("--pairs", "2"));
    long start = System.nanoTime();
    try (LlavaOnevisionModel model = LlavaOnevisionModel.load(modelDir, ModelOptions.cpu())) {
      List<HeldOutScene> held = DemoModelEvaluation.scenes(model, scenes, frames, 0);
      Map<Long, List<Watched>> watched = new HashMap<>();
      for (HeldOutScene scene : held) {
        watched.put(scene.seed(), watched(scene.seed(), frames, pairs));
      }
      System.out.printf(
          Locale.ROOT,
          "%d held-out scenes of %d frames (1 fps) prepared in %.0f s; %d standing questions%n",
          scenes,
          frames,
          seconds(start),
          watched.values().stream().mapToInt(List::size).sum());
      System.out.println(
          "| setup | question | K | true transitions | emitted | matched | precision | recall |");
      System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
      for (StreamSetup setup : setups(frames, model.tokensPerFrame())) {
        run(model, setup, held, watched);
      }
    }
    System.out.printf(Locale.ROOT, "done in %.1f min%n", seconds(start) / 60);
  }

  /**
   * Full context, and the job's default TTM and cache, without and with its default change gate.
   */
  static List<StreamSetup> setups(int frames, int tokensPerFrame) {
    // DP is left off: the job's default L = 3 prunes nothing on the demo model's three layers.
    StreamSetup cache =
        new StreamSetup(
            "default cache (K=0.7, C=1024 DECAY)",
            TtmConfig.defaults(),
            TokenCacheConfig.defaults(),
            AnswerSettings.withoutPruning(StreamSetups.MAX_NEW_TOKENS));
    // The gate skips unchanged frames, which then count towards the hold as repeats of the last
    // answer: measured with and without it.
    return List.of(
        StreamSetups.fullContext(frames, tokensPerFrame),
        cache,
        cache.withGate(ChangeGateConfig.defaults()));
  }

  private static void run(
      LlavaOnevisionModel model,
      StreamSetup setup,
      List<HeldOutScene> held,
      Map<Long, List<Watched>> watched) {
    Map<String, Transitions.Match[]> totals = new LinkedHashMap<>();
    long[] evaluations = new long[1];
    long[] nanos = new long[1];
    // Re-prefill against anytime, on the same frames in the same run: at each scene's last frame
    // the first question is asked again from a fresh session that re-prefills the frames so far.
    long[] compared = new long[1];
    long[] anytimeNanos = new long[1];
    long[] reprefillNanos = new long[1];
    Map<Watched, Run> runs = new HashMap<>();
    long start = System.nanoTime();
    StreamingQaScorer.stream(
        model,
        setup,
        held,
        (scene, f, kept, asker) -> {
          List<Watched> ws = watched.get(scene.seed());
          for (Watched w : ws) {
            Run r = runs.computeIfAbsent(w, x -> new Run());
            // As in the job: a frame the gate skipped is not scheduled, as it cannot change the
            // answer; it repeats the last one towards a pending hold, and the question is asked on
            // it only for the holds it completes.
            boolean scheduled = kept >= 0 && StandingSchedule.frameArrived(r.schedule, f * 1000L);
            boolean[] asked = new boolean[HOLDS.length];
            boolean due = false;
            for (int k = 0; k < HOLDS.length; k++) {
              asked[k] = kept < 0 ? EventEmitter.repeated(r.emitters[k]) : scheduled;
              due |= asked[k];
            }
            if (!due) {
              continue;
            }
            long t = System.nanoTime();
            Answer answer = asker.ask(w.question());
            nanos[0] += System.nanoTime() - t;
            evaluations[0]++;
            StandingSchedule.evaluated(r.schedule, f * 1000L);
            if (f == scene.tokens().length - 1 && w == ws.get(0)) {
              compared[0]++;
              anytimeNanos[0] += System.nanoTime() - t;
              reprefillNanos[0] += reprefill(model, setup, scene, f, w.question());
            }
            String text =
                answer.getAnswer() == null
                    ? ""
                    : answer.getAnswer().toString().trim().toLowerCase(Locale.ROOT);
            for (int k = 0; k < HOLDS.length; k++) {
              if (!asked[k]) {
                continue;
              }
              EventEmitter.Event event = EventEmitter.evaluated(r.emitters[k], text);
              if (event != null && event.previous() != null) {
                r.emitted.get(k).add(new Transitions.Transition(f, event.answer()));
              }
            }
          }
        });
    for (Map.Entry<Watched, Run> e : runs.entrySet()) {
      Watched w = e.getKey();
      List<Transitions.Transition> truth = Transitions.of(w.truth());
      Transitions.Match[] sums =
          totals.computeIfAbsent(w.type(), x -> new Transitions.Match[HOLDS.length]);
      for (int k = 0; k < HOLDS.length; k++) {
        Transitions.Match m =
            Transitions.match(truth, e.getValue().emitted.get(k), 1, Math.max(1, HOLDS[k]));
        sums[k] = sums[k] == null ? m : sums[k].plus(m);
      }
    }
    for (Map.Entry<String, Transitions.Match[]> e : totals.entrySet()) {
      for (int k = 0; k < HOLDS.length; k++) {
        print(setup.name(), e.getKey(), HOLDS[k], e.getValue()[k]);
      }
    }
    for (int k = 0; k < HOLDS.length; k++) {
      Transitions.Match all = null;
      for (Transitions.Match[] m : totals.values()) {
        all = all == null ? m[k] : all.plus(m[k]);
      }
      print(setup.name(), "all", HOLDS[k], all);
    }
    System.out.printf(
        Locale.ROOT,
        "%s: %d evaluations, %.1f ms each (anytime answer), %.0f s in all%n",
        setup.name(),
        evaluations[0],
        nanos[0] / 1e6 / Math.max(1, evaluations[0]),
        seconds(start));
    System.out.printf(
        Locale.ROOT,
        "%s: at the last frame (%d frames cached), anytime %.1f ms, re-prefill of the cache and"
            + " answer %.1f ms, ratio %.0fx (mean of %d)%n",
        setup.name(),
        held.get(0).tokens().length,
        anytimeNanos[0] / 1e6 / Math.max(1, compared[0]),
        reprefillNanos[0] / 1e6 / Math.max(1, compared[0]),
        (double) reprefillNanos[0] / Math.max(1, anytimeNanos[0]),
        compared[0]);
  }

  /**
   * Nanoseconds to answer {@code question} at {@code frame} the way a system without a kept context
   * must: a fresh session fed every frame so far (same setup, tokens already encoded, so no tower
   * time is counted), then the question. Public for {@code StandingLoadBenchmark}'s cost line.
   */
  public static long reprefill(
      LlavaOnevisionModel model,
      StreamSetup setup,
      HeldOutScene scene,
      int frame,
      String question) {
    HeldOutScene upTo =
        new HeldOutScene(
            scene.seed(),
            Arrays.copyOf(scene.tokens(), frame + 1),
            Arrays.copyOf(scene.thumbnails(), frame + 1),
            List.of());
    long t = System.nanoTime();
    StreamingQaScorer.stream(
        model,
        setup,
        List.of(upTo),
        (s, f, kept, asker) -> {
          if (f == frame) {
            asker.ask(question);
          }
        });
    return System.nanoTime() - t;
  }

  private static void print(String setup, String type, int hold, Transitions.Match m) {
    System.out.printf(
        Locale.ROOT,
        "| %s | %s | %d | %d | %d | %d | %.1f %% | %.1f %% |%n",
        setup,
        type,
        hold,
        m.truth(),
        m.emitted(),
        m.matched(),
        100 * m.precision(),
        100 * m.recall());
  }

  /** One standing question on one scene, with its per-frame truth ("yes", "no" or null). */
  record Watched(long seed, String type, String question, List<String> truth) {}

  /** The job's per-camera state of one standing question, one emitter per hold. */
  private static final class Run {
    final StandingQuestion schedule = StandingQuestion.of("s", "", 0, 4, new StandingRule());
    final StandingQuestion[] emitters = new StandingQuestion[HOLDS.length];
    final List<List<Transitions.Transition>> emitted = new ArrayList<>();

    Run() {
      for (int k = 0; k < HOLDS.length; k++) {
        StandingRule rule = new StandingRule();
        rule.hold = HOLDS[k];
        emitters[k] = StandingQuestion.of("s" + k, "", 0, 4, rule);
        emitted.add(new ArrayList<>());
      }
    }
  }

  /** Replays the scene's simulation (seeded, so the same frames the scene was rendered from). */
  static List<Watched> watched(long seed, int frames, int pairs) {
    SceneSimulator world = new SceneSimulator(DemoWorld.scene(seed));
    List<GroundTruth> truth = new ArrayList<>();
    for (int f = 0; f < frames; f++) {
      truth.add(world.next().groundTruth());
    }
    List<Watched> out = new ArrayList<>();
    out.add(
        new Watched(
            seed,
            "is anything stopped?",
            "is anything stopped?",
            truth(truth, o -> o.motion() == Motion.STOPPED)));
    for (ObjectKind kind : ObjectKind.values()) {
      for (ObjectColour colour : ObjectColour.values()) {
        if (out.size() > pairs) {
          return out;
        }
        Predicate<VisibleObject> match = o -> o.kind() == kind && o.colour() == colour;
        List<String> t = truth(truth, match);
        if (t.contains(AnswerVocabulary.YES)) {
          out.add(
              new Watched(
                  seed,
                  "is there a <colour> <kind>?",
                  "is there a " + colour.label() + " " + kind.label() + "?",
                  t));
        }
      }
    }
    return out;
  }

  /** As the QA templates: yes when a match is seen, no when none is present, else no truth. */
  private static List<String> truth(List<GroundTruth> frames, Predicate<VisibleObject> match) {
    List<String> out = new ArrayList<>();
    for (GroundTruth g : frames) {
      if (g.objects().stream().anyMatch(match.and(Visibility::isSeen))) {
        out.add(AnswerVocabulary.YES);
      } else if (g.objects().stream().noneMatch(match.and(Visibility::isPresent))) {
        out.add(AnswerVocabulary.NO);
      } else {
        out.add(null);
      }
    }
    return out;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, got " + args[i]);
      }
      out.put(args[i], args[i + 1]);
    }
    return out;
  }
}
