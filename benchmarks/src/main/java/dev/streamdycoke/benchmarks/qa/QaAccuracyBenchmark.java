package dev.streamdycoke.benchmarks.qa;

import dev.streamdycoke.cli.DemoCheckpoint;
import dev.streamdycoke.cli.cameras.CapturedFrame;
import dev.streamdycoke.cli.cameras.VideoFileCamera;
import dev.streamdycoke.model.LlavaOnevisionModel;
import dev.streamdycoke.model.ModelOptions;
import dev.streamdycoke.model.vision.RgbImage;
import dev.streamdycoke.operators.gate.ChangeGate;
import dev.streamdycoke.operators.gate.ChangeGateConfig;
import dev.streamdycoke.operators.gate.GateState;
import dev.streamdycoke.operators.gate.Thumbnail;
import dev.streamdycoke.operators.ttm.MergeResult;
import dev.streamdycoke.operators.ttm.TemporalTokenMerger;
import dev.streamdycoke.operators.ttm.TtmConfig;
import dev.streamdycoke.simulator.qa.QuestionCategory;
import dev.streamdycoke.training.DemoModelEvaluation;
import dev.streamdycoke.training.HeldOutScene;
import dev.streamdycoke.training.QaScore;
import dev.streamdycoke.training.StreamSetup;
import dev.streamdycoke.training.StreamingQaScorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Streaming video QA accuracy against the retained-token budget, with ground truth: held-out
 * synthetic street scenes stream through the job's operator logic (TTM, the bounded token cache and
 * its eviction policy, the model session with dynamic pruning: {@link StreamingQaScorer}),
 * questions come at random moments, answers are scored by exact match per category. Also reports
 * TTM's token reduction on real footage ({@code vtest.avi}). Writes a Markdown table, a CSV and a
 * PNG plot.
 *
 * <pre>
 * mvn -q -B -o -pl model,operators,job -am test-compile -DskipTests &amp;&amp; \
 * mvn -q -B -o -pl job exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *   -Dexec.args="@../conf/jvm-flink.args -Dai.djl.offline=true -cp %classpath \
 *   dev.streamdycoke.benchmarks.qa.QaAccuracyBenchmark --out ../docs"
 * </pre>
 *
 * Options: {@code --model DIR} (default: the shipped demo checkpoint), {@code --scenes N} (200),
 * {@code --frames N} (16 at 1 fps, the longest clip the demo model trained on), {@code --moments N}
 * (3 question moments per scene, one question per category at each), {@code --video FILE} (a real
 * video for TTM's reduction, e.g. OpenCV's sample {@code vtest.avi}; skipped when not given or
 * absent), {@code --video-frames N} (300), {@code --setups REGEX} (only the setups whose name
 * contains a match, e.g. {@code "full context|C=(128|512) DECAY$|gate"} for the change gate's rows
 * and the rows they compare with; default all), {@code --out DIR}.
 */
public final class QaAccuracyBenchmark {
  private QaAccuracyBenchmark() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> options = options(args);
    Path modelDir =
        options.containsKey("--model") ? Path.of(options.get("--model")) : DemoCheckpoint.unpack();
    int scenes = Integer.parseInt(options.getOrDefault("--scenes", "200"));
    int frames = Integer.parseInt(options.getOrDefault("--frames", "16"));
    int moments = Integer.parseInt(options.getOrDefault("--moments", "3"));
    Path video = options.containsKey("--video") ? Path.of(options.get("--video")) : null;
    int videoFrames = Integer.parseInt(options.getOrDefault("--video-frames", "300"));
    Path out = Path.of(options.getOrDefault("--out", "docs"));
    Pattern setups = Pattern.compile(options.getOrDefault("--setups", ""));
    Files.createDirectories(out);

    long start = System.nanoTime();
    List<Row> rows = new ArrayList<>();
    List<String> videoLines;
    int tokensPerFrame;
    try (LlavaOnevisionModel model = LlavaOnevisionModel.load(modelDir, ModelOptions.cpu())) {
      tokensPerFrame = model.tokensPerFrame();
      List<HeldOutScene> held = DemoModelEvaluation.scenes(model, scenes, frames, moments);
      System.out.printf(
          Locale.ROOT,
          "%d held-out scenes of %d frames prepared in %.0f s%n",
          scenes,
          frames,
          seconds(start));
      for (StreamSetup setup : StreamSetups.all(frames, model.tokensPerFrame())) {
        if (!setups.matcher(setup.name()).find()) {
          continue;
        }
        long t = System.nanoTime();
        QaScore score = StreamingQaScorer.score(model, setup, held);
        rows.add(new Row(setup.name(), score));
        System.out.printf(
            Locale.ROOT,
            "%-32s retained %5.1f %%  tower saved %5.1f %%  overall %5.1f %%  (%.0f s)%n",
            setup.name(),
            100 * score.retainedRatio(),
            100 * score.towerPassesSaved(),
            100 * score.overall(),
            seconds(t));
      }
      videoLines = videoReduction(model, video, videoFrames);
    }
    double total = seconds(start);
    String title =
        String.format(
            Locale.ROOT,
            "%d held-out scenes x %d frames (1 fps), %d questions per setup, %s; %.1f min",
            scenes,
            frames,
            rows.get(0).score().answers(),
            modelDir.getFileName(),
            total / 60);
    List<Integer> impossible = StreamSetups.impossibleCapacities(tokensPerFrame);
    if (!impossible.isEmpty()) {
      title +=
          "\n\nNot run: C = "
              + impossible
              + ", below the "
              + tokensPerFrame
              + " tokens of one"
              + " frame; the token cache refuses a frame with more kept tokens than its capacity, and"
              + " every TTM anchor frame keeps all of them.";
    }
    Files.writeString(out.resolve("qa-benchmark.md"), markdown(title, rows, videoLines));
    Files.writeString(out.resolve("qa-benchmark.csv"), csv(rows));
    AccuracyPlot.write(
        rows.stream()
            .map(
                r ->
                    new AccuracyPlot.Point(
                        r.name(),
                        r.score().retainedRatio(),
                        r.score().overall(),
                        r.score().accuracy(QuestionCategory.MEMORY)))
            .toList(),
        title.lines().findFirst().get(),
        out.resolve("qa-benchmark.png"));
    System.out.print(markdown(title, rows, videoLines));
    System.out.printf(
        Locale.ROOT, "wrote %s/qa-benchmark.{md,csv,png} in %.1f min%n", out, total / 60);
  }

  record Row(String name, QaScore score) {}

  private static String markdown(String title, List<Row> rows, List<String> videoLines) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Streaming QA accuracy vs retained tokens\n\n").append(title).append("\n\n");
    sb.append(
        "| setup | retained tokens | tower passes saved | tokens kept | now | recent | memory"
            + " | overall |\n");
    sb.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      QaScore s = r.score();
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f %% | %.1f %% | %.1f %% | %.1f %% | %.1f %% | %.1f %% | %.1f %% |%n",
              r.name(),
              100 * s.retainedRatio(),
              100 * s.towerPassesSaved(),
              100 * s.tokensKeptRatio(),
              100 * s.accuracy(QuestionCategory.NOW),
              100 * s.accuracy(QuestionCategory.RECENT),
              100 * s.accuracy(QuestionCategory.MEMORY),
              100 * s.overall()));
    }
    sb.append("\nRetained tokens: visual tokens in the camera's context at answer time over all ")
        .append("tokens of the frames streamed so far, averaged over answers. DP prunes ")
        .append("attention on decode steps only, and every answer here is one word that the pass ")
        .append("over the question decides: DP can change an answer only through the decode ")
        .append("step's attention, which feeds DECAY's scores, so only once the cache evicts.\n");
    sb.append("\nTower passes saved: frames the change gate (\"+ gate\" rows: the job's default, ")
        .append("threshold ")
        .append(ChangeGateConfig.DEFAULT_THRESHOLD)
        .append(", a keyframe at least every ")
        .append(ChangeGateConfig.DEFAULT_KEYFRAME_EVERY)
        .append(" frames) kept from the vision tower, over all frames streamed. Tokens kept: ")
        .append("tokens sent on to the cache (after the gate and TTM) over all tokens of the ")
        .append("frames streamed, before any eviction.\n");
    if (!videoLines.isEmpty()) {
      sb.append("\n## TTM token reduction on real footage\n\n");
      videoLines.forEach(l -> sb.append(l).append('\n'));
    }
    return sb.toString();
  }

  private static String csv(List<Row> rows) {
    StringBuilder sb =
        new StringBuilder(
            "setup,retained_ratio,now,recent,memory,overall,answers,tower_passes_saved,"
                + "tokens_kept_ratio\n");
    for (Row r : rows) {
      QaScore s = r.score();
      sb.append(
          String.format(
              Locale.ROOT,
              "\"%s\",%.4f,%.4f,%.4f,%.4f,%.4f,%d,%.4f,%.4f%n",
              r.name(),
              s.retainedRatio(),
              s.accuracy(QuestionCategory.NOW),
              s.accuracy(QuestionCategory.RECENT),
              s.accuracy(QuestionCategory.MEMORY),
              s.overall(),
              s.answers(),
              s.towerPassesSaved(),
              s.tokensKeptRatio()));
    }
    return sb.toString();
  }

  /** TTM's kept share of tokens on the first frames of a real video, per TTM setting. */
  private static List<String> videoReduction(LlavaOnevisionModel model, Path video, int limit)
      throws IOException {
    if (video == null) {
      System.out.println("no --video given; skipping the real-footage reduction");
      return List.of();
    }
    if (!Files.exists(video)) {
      System.out.println("no video at " + video + "; skipping the real-footage reduction");
      return List.of();
    }
    List<float[][]> tokens = new ArrayList<>();
    List<Thumbnail> thumbnails = new ArrayList<>();
    try (VideoFileCamera camera = new VideoFileCamera(video, VideoFileCamera.Options.defaults())) {
      List<RgbImage> batch = new ArrayList<>();
      Optional<CapturedFrame> frame;
      while (tokens.size() + batch.size() < limit && (frame = camera.next()).isPresent()) {
        batch.add(frame.get().image());
        thumbnails.add(Thumbnail.of(frame.get().image()));
        if (batch.size() == 16) {
          tokens.addAll(List.of(model.encoder().encode(batch)));
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        tokens.addAll(List.of(model.encoder().encode(batch)));
      }
    }
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "%s, first %d frames, demo model's visual tokens:%n",
            video.getFileName(),
            tokens.size()));
    lines.add("| TTM | kept tokens | reduction |");
    lines.add("|---|---:|---:|");
    List<TtmConfig> configs =
        List.of(
            TtmConfig.dycoke(0.3),
            TtmConfig.dycoke(0.5),
            TtmConfig.dycoke(0.7),
            TtmConfig.threshold(0.8, TtmConfig.DEFAULT_ANCHOR_EVERY),
            TtmConfig.threshold(0.9, TtmConfig.DEFAULT_ANCHOR_EVERY));
    for (TtmConfig config : configs) {
      lines.add(reductionRow(ttmName(config), config, ChangeGateConfig.off(), tokens, thumbnails));
    }
    // The job's defaults in front of the cache: the gate, then DyCoke at the default K.
    ChangeGateConfig gate = ChangeGateConfig.defaults();
    lines.add(reductionRow("gate only", null, gate, tokens, thumbnails));
    TtmConfig ttm = TtmConfig.dycoke(TtmConfig.DEFAULT_K);
    lines.add(reductionRow(ttmName(ttm) + " + gate", ttm, gate, tokens, thumbnails));
    lines.add("");
    lines.add(
        String.format(
            Locale.ROOT,
            "Gate: threshold %.1f, a keyframe at least every %d frames; a skipped frame sends no"
                + " tokens, and TTM sees the encoded frames' seqs with gaps, as in the job.",
            gate.threshold(),
            gate.keyframeEvery()));
    return lines;
  }

  private static String ttmName(TtmConfig config) {
    return config.mode().name().toLowerCase(Locale.ROOT)
        + (config.mode().name().equals("DYCOKE") ? " K=" + config.k() : " tau=" + config.tau());
  }

  /**
   * One row of the real-footage table: tokens sent on to the cache over all tokens of the frames,
   * after the gate ({@code gateConfig}, possibly off) and TTM ({@code ttmConfig}, null for none).
   */
  private static String reductionRow(
      String name,
      TtmConfig ttmConfig,
      ChangeGateConfig gateConfig,
      List<float[][]> tokens,
      List<Thumbnail> thumbnails) {
    TemporalTokenMerger<?> ttm = ttmConfig == null ? null : TemporalTokenMerger.create(ttmConfig);
    ChangeGate gate = new ChangeGate(gateConfig);
    GateState state = new GateState();
    long kept = 0;
    long all = 0;
    for (int f = 0; f < tokens.size(); f++) {
      all += tokens.get(f).length;
      if (gate.admit(state, f, thumbnails.get(f)) != ChangeGate.Decision.ENCODE) {
        continue;
      }
      if (ttm == null) {
        kept += tokens.get(f).length;
      } else {
        MergeResult r = ttm.merge(f, tokens.get(f));
        kept += r.keptCount();
      }
    }
    return String.format(
        Locale.ROOT,
        "| %s | %.1f %% | %.1f %% |",
        name,
        100.0 * kept / all,
        100.0 * (all - kept) / all);
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
