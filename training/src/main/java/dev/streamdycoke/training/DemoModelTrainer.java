package dev.streamdycoke.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.streamdycoke.model.CheckpointPromptCodec;
import dev.streamdycoke.model.checkpoint.Checkpoint;
import dev.streamdycoke.model.checkpoint.LlavaOnevisionConfig;
import dev.streamdycoke.model.checkpoint.PreprocessorConfig;
import dev.streamdycoke.model.checkpoint.PreprocessorConfigJson;
import dev.streamdycoke.model.checkpoint.TensorLayout;
import dev.streamdycoke.model.checkpoint.WordLevelTokenizerFiles;
import dev.streamdycoke.model.session.PromptCodec;
import dev.streamdycoke.model.tokenizer.ChatTokenizer;
import dev.streamdycoke.model.vision.VideoPooling;
import dev.streamdycoke.simulator.qa.QaExample;
import dev.streamdycoke.simulator.qa.QuestionCategory;
import dev.streamdycoke.simulator.scene.GroundTruth;
import dev.streamdycoke.simulator.scene.SceneConfig;
import dev.streamdycoke.training.model.Adam;
import dev.streamdycoke.training.model.TrainableLlava;
import dev.streamdycoke.training.model.TrainableWeights;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains the demo checkpoint on the synthetic street from a fixed seed, with DJL autograd through
 * the runtime's own modules ({@link TrainableLlava}), and writes it in the Hugging Face layout with
 * the word-level tokenizer.
 *
 * <p>What makes this tractable on one CPU thread, all of it a choice of data, loss and schedule,
 * none of it a change to the architecture:
 *
 * <ol>
 *   <li>Vision first: the tower and projector learn from an auxiliary per-cell loss alone, a linear
 *       probe (not saved) that must name what each visual token's cell shows in the ground truth
 *       ({@link CellLabels}), on batches of four frames, plus probes for two per-cell flags: an
 *       object's centre and a halted object's {@link dev.streamdycoke.simulator.scene.HaltCue cue};
 *       every token of a frame also carries the frame's counts per kind ({@link FrameCounts}),
 *       since the tower, with a fixed number of patches, learns to count where the decoder did not.
 *       Vision steps are cheap and the decoder can read no more than the tokens hold: 800 single
 *       frames left the tower naming under 40 % of object cells right, 12,000 batches over 90 %.
 *   <li>Then the vision tower is frozen and its tokens cached for a pool of training scenes ({@link
 *       FeaturePool}), and the language model (with {@code image_newline}) trains on clips cut from
 *       the pool: a language-model step costs milliseconds, so it gets thousands.
 *   <li>A curriculum: the first share of language steps are single frames with "now" questions,
 *       then clips of 1 to {@code maxFrames} (16) frames at 1 fps ({@link DemoWorld}) with every
 *       category, asked at a clip's last frame about the clip.
 *   <li>Every clip is prefilled once and all its questions are scored against that prefill, as a
 *       streaming session answers them; the decoder also says what each visual token shows in its
 *       own vocabulary ({@link CellWords}: its kind, and at an object's centre its rank among its
 *       kind in the frame, an auxiliary loss on the visual positions).
 *   <li>Half of the multi-frame clips are cut as the job serves them ({@link ServedContext}: merged
 *       by TTM, some also evicted by a bounded cache), so the decoder reads a served context as
 *       well as a whole one.
 * </ol>
 *
 * <p>Usage: {@code DemoModelTrainer --out DIR [--seed N] [--vision-steps N] [--language-steps N]
 * [--max-frames N]}.
 */
public final class DemoModelTrainer {
  /** Vision steps of the committed checkpoint (4 frames each). */
  public static final int VISION_STEPS = 12000;

  /** Decoder steps of the committed checkpoint. */
  public static final int LANGUAGE_STEPS = 16000;

  private final Settings settings;

  /** What a run does; {@link #defaults} reproduces the committed checkpoint. */
  public record Settings(
      Path out,
      long seed,
      int visionSteps,
      int visionFrames,
      float visionLearningRate,
      int languageSteps,
      int maxFrames,
      double singleFrameShare,
      float learningRate,
      float auxWeight,
      int poolScenes,
      int poolFrames,
      int questionsPerClip,
      double servedShare) {
    public static Settings defaults(Path out) {
      return new Settings(
          out, 7, VISION_STEPS, 4, 2e-3f, LANGUAGE_STEPS, 16, 0.3, 1e-3f, 0.5f, 300, 24, 12, 0.5);
    }
  }

  public DemoModelTrainer(Settings settings) {
    this.settings = settings;
  }

  /** Trains, saving as it goes; returns the directory. */
  public Path train() throws IOException {
    Path dir = settings.out();
    LlavaOnevisionConfig config = DemoCheckpointFiles.writeConfigs(dir);
    PreprocessorConfig preprocessing =
        PreprocessorConfigJson.read(dir.resolve(Checkpoint.PREPROCESSOR_CONFIG));
    long start = System.nanoTime();
    try (ChatTokenizer tokenizer = ChatTokenizer.open(dir.resolve(Checkpoint.TOKENIZER));
        NDManager manager = NDManager.newBaseManager();
        TrainableWeights weights = new TrainableWeights(config, settings.seed(), manager)) {
      PromptCodec prompt = new CheckpointPromptCodec(tokenizer, config.eosTokenIds());
      System.out.printf(
          Locale.ROOT, "training %,d parameters to %s%n", weights.size(), dir.toAbsolutePath());
      ClipSampler sampler = new ClipSampler(settings.seed(), DemoWorld.TRAINING_SEEDS);
      trainVision(config, preprocessing, weights, prompt, sampler, manager, start);
      DemoCheckpointFiles.writeWeights(dir, weights);

      FeaturePool pool;
      try (NDManager scratch = manager.newSubManager();
          TrainableLlava frozen =
              new TrainableLlava(config, preprocessing, weights, prompt, scratch)) {
        pool =
            new FeaturePool(
                sampler, frozen.encoder(), settings.poolScenes(), settings.poolFrames());
      }
      System.out.printf(
          Locale.ROOT,
          "cached the tokens of %d scenes x %d frames, %.1f min%n",
          settings.poolScenes(),
          settings.poolFrames(),
          minutes(start));
      trainLanguage(
          config, preprocessing, weights, prompt, tokenizer, sampler, pool, manager, start);
      DemoCheckpointFiles.writeWeights(dir, weights);
    }
    System.out.printf(Locale.ROOT, "trained in %.1f min%n", minutes(start));
    return dir;
  }

  private void trainVision(
      LlavaOnevisionConfig config,
      PreprocessorConfig preprocessing,
      TrainableWeights weights,
      PromptCodec prompt,
      ClipSampler sampler,
      NDManager manager,
      long start) {
    int dim = config.text().hiddenSize();
    int side = VideoPooling.pooledSide(config.vision().patchesPerSide());
    SceneConfig scene = DemoWorld.scene(0);
    Map<String, NDArray> parameters = new LinkedHashMap<>();
    weights
        .parameters()
        .forEach(
            (name, p) -> {
              if (name.startsWith(TensorLayout.VISION) || name.startsWith(TensorLayout.PROJECTOR)) {
                parameters.put(name, p);
              }
            });
    float[] init = new float[CellLabels.CLASSES * dim];
    SplittableRandom random = new SplittableRandom(settings.seed());
    for (int i = 0; i < init.length; i++) {
      init[i] = (float) random.nextDouble(-0.1, 0.1);
    }
    NDArray probeWeight = manager.create(init, new Shape(CellLabels.CLASSES, dim));
    NDArray probeBias = manager.zeros(new Shape(CellLabels.CLASSES));
    // Per-cell flags beyond the class, each with its own probe and a code added to the cell's:
    // an object's centre (to count objects, not cells) and a halted object (to answer "stopped").
    List<CellFlag> flags =
        List.of(
            new CellFlag(
                "centre",
                CellLabels::centres,
                CellLabels.centreCode(dim, settings.seed()),
                dim,
                random,
                manager),
            new CellFlag(
                "stopped",
                CellLabels::stopped,
                CellLabels.stoppedCode(dim, settings.seed()),
                dim,
                random,
                manager));
    probeWeight.setRequiresGradient(true);
    probeBias.setRequiresGradient(true);
    parameters.put("probe.weight", probeWeight);
    parameters.put("probe.bias", probeBias);
    for (int i = 0; i < flags.size(); i++) {
      parameters.put("flag" + i + ".weight", flags.get(i).weight());
      parameters.put("flag" + i + ".bias", flags.get(i).bias());
    }
    float[][] codes = CellLabels.codes(dim, settings.seed());
    float[][][] countCodes = FrameCounts.codes(dim, settings.seed());
    long countsAsked = 0;
    long countsRight = 0;
    double sum = 0;
    double ceSum = 0;
    long objectCells = 0;
    long objectHits = 0;
    long falseObjects = 0;
    int logged = 0;
    try (Adam adam = new Adam(0.01f, 1f)) {
      for (int step = 1; step <= settings.visionSteps(); step++) {
        Clip clip = sampler.next(settings.visionFrames());
        double loss;
        try (NDManager scratch = manager.newSubManager();
            GradientCollector collector = Engine.getInstance().newGradientCollector();
            TrainableLlava model =
                new TrainableLlava(config, preprocessing, weights, prompt, scratch)) {
          NDArray visual =
              model.visualTokens(model.encoder().preprocessor().toPixels(clip.frames(), scratch));
          int[] labels = cellLabels(clip.truths(), scene, side);
          NDArray probeT = probeWeight.transpose();
          probeT.attach(scratch);
          NDArray probe = visual.matMul(probeT).add(probeBias);
          NDArray cells = TrainableLlava.crossEntropy(probe, labels);
          float[] target = new float[labels.length * dim];
          for (int i = 0; i < labels.length; i++) {
            System.arraycopy(codes[labels[i]], 0, target, i * dim, dim);
          }
          for (CellFlag flag : flags) {
            boolean[] marked = flag.marks(clip.truths(), scene, side);
            int[] flagLabels = new int[marked.length];
            for (int i = 0; i < marked.length; i++) {
              if (marked[i]) {
                flagLabels[i] = 1;
                for (int d = 0; d < dim; d++) {
                  target[i * dim + d] += flag.code()[d];
                }
              }
            }
            NDArray flagT = flag.weight().transpose();
            flagT.attach(scratch);
            NDArray flagLogits = visual.matMul(flagT).add(flag.bias());
            cells = cells.add(TrainableLlava.crossEntropy(flagLogits, flagLabels));
            flag.count(flagLogits, marked);
          }
          // Every token of a frame also carries the frame's counts per kind.
          int[][] counts = FrameCounts.of(clip.truths());
          FrameCounts.addCodes(target, counts, countCodes, side * side);
          NDArray coded = visual.sub(scratch.create(target, visual.getShape())).square().mean();
          collector.backward(cells.add(coded));
          loss = cells.getFloat() + coded.getFloat();
          ceSum += cells.getFloat();
          // What the decoder can read later is bounded by how many object cells the tokens get
          // right: the log shows it (earlier checkpoints stopped at under 40 %).
          long[] tally = FrameCounts.tally(visual.toFloatArray(), counts, countCodes, side * side);
          countsAsked += tally[0];
          countsRight += tally[1];
          float[] guess = probe.argMax(1).toType(DataType.FLOAT32, false).toFloatArray();
          for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0) {
              objectCells++;
              objectHits += (int) guess[i] == labels[i] ? 1 : 0;
            } else if ((int) guess[i] != 0) {
              falseObjects++;
            }
          }
        }
        if (!Double.isFinite(loss)) {
          continue;
        }
        adam.step(
            parameters, learningRate(settings.visionLearningRate(), step, settings.visionSteps()));
        sum += loss;
        logged++;
        if (step % 100 == 0) {
          StringBuilder flagReport = new StringBuilder();
          flags.forEach(f -> flagReport.append(f.report()));
          System.out.printf(
              Locale.ROOT,
              "vision step %5d  loss %.3f  cells %.3f  object cells right %.1f %%%s"
                  + "  frame counts right %.1f %%  background called object %d  %.1f min%n",
              step,
              sum / logged,
              ceSum / logged,
              100.0 * objectHits / Math.max(1, objectCells),
              flagReport,
              100.0 * countsRight / Math.max(1, countsAsked),
              falseObjects,
              minutes(start));
          countsAsked = 0;
          countsRight = 0;
          sum = 0;
          ceSum = 0;
          objectCells = 0;
          objectHits = 0;
          falseObjects = 0;
          logged = 0;
        }
      }
    }
  }

  private void trainLanguage(
      LlavaOnevisionConfig config,
      PreprocessorConfig preprocessing,
      TrainableWeights weights,
      PromptCodec prompt,
      ChatTokenizer tokenizer,
      ClipSampler sampler,
      FeaturePool pool,
      NDManager manager,
      long start) {
    int dim = config.text().hiddenSize();
    int side = VideoPooling.pooledSide(config.vision().patchesPerSide());
    int perFrame = side * side;
    SceneConfig sceneConfig = DemoWorld.scene(0);
    Map<String, NDArray> parameters = new LinkedHashMap<>();
    weights
        .parameters()
        .forEach(
            (name, p) -> {
              if (name.startsWith("language_model.") || name.equals(TensorLayout.IMAGE_NEWLINE)) {
                parameters.put(name, p);
              }
            });
    int singleFrameSteps = (int) (settings.languageSteps() * settings.singleFrameShare());
    double qaSum = 0;
    double auxSum = 0;
    int logged = 0;
    int skipped = 0;
    try (Adam adam = new Adam(0.01f, 1f)) {
      for (int step = 1; step <= settings.languageSteps(); step++) {
        FeaturePool.Scene scene = pool.get(sampler.nextInt(pool.size()));
        List<QuestionCategory> categories;
        int frames;
        int per;
        if (step <= singleFrameSteps) {
          frames = 1;
          categories = List.of(QuestionCategory.NOW);
          per = settings.questionsPerClip();
        } else {
          frames = 1 + sampler.nextInt(settings.maxFrames());
          categories =
              List.of(
                  QuestionCategory.NOW,
                  QuestionCategory.RECENT,
                  QuestionCategory.MEMORY,
                  QuestionCategory.MEMORY);
          per = settings.questionsPerClip() / categories.size();
        }
        int from = sampler.nextInt(scene.tokens().size() - frames + 1);
        List<GroundTruth> truths = scene.truths().subList(from, from + frames);
        List<QaExample> questions = sampler.ask(truths, categories, per);
        if (questions.isEmpty()) {
          continue;
        }
        float[][][] clip = new float[frames][][];
        for (int f = 0; f < frames; f++) {
          clip[f] = rows(scene.tokens().get(from + f), perFrame, dim);
        }
        List<List<String>> wordsAll = cellWords(truths, sceneConfig, side);
        // Some multi-frame clips are cut as the job serves them (merged, maybe evicted), so the
        // decoder learns to read such contexts too.
        int[] kept =
            frames > 1 && sampler.nextInt(1000) < settings.servedShare() * 1000
                ? ServedContext.sample(clip, sampler::nextInt)
                : java.util.stream.IntStream.range(0, frames * perFrame).toArray();
        float[] flat = new float[kept.length * dim];
        List<List<String>> words = new ArrayList<>(kept.length);
        for (int i = 0; i < kept.length; i++) {
          System.arraycopy(clip[kept[i] / perFrame][kept[i] % perFrame], 0, flat, i * dim, dim);
          words.add(wordsAll.get(kept[i]));
        }
        double qaLoss;
        double auxLoss;
        try (NDManager scratch = manager.newSubManager();
            GradientCollector collector = Engine.getInstance().newGradientCollector();
            TrainableLlava model =
                new TrainableLlava(config, preprocessing, weights, prompt, scratch)) {
          NDArray visual = scratch.create(flat, new Shape(kept.length, dim));
          List<TrainableLlava.Target> targets = new ArrayList<>();
          List<Integer> answers = new ArrayList<>();
          for (QaExample q : questions) {
            int answer = tokenizer.tokenId(q.answer());
            targets.add(
                new TrainableLlava.Target(
                    prompt.questionIds(q.question()),
                    new int[] {answer, WordLevelTokenizerFiles.IM_END}));
            answers.add(answer);
            answers.add(WordLevelTokenizerFiles.IM_END);
          }
          TrainableLlava.Pass pass = model.run(visual, targets);
          NDArray qa =
              TrainableLlava.crossEntropy(
                  NDArrays.concat(new NDList(pass.answerLogits()), 0),
                  answers.stream().mapToInt(Integer::intValue).toArray());
          // The decoder says what each visual token shows (CellWords: its kind, at an object's
          // centre also its rank, "no" for background) in its own vocabulary: visual positions
          // then carry the words questions ask about.
          NDArray visualLogits = model.languageModel().logitsAll(pass.visualHidden());
          NDArray named =
              TrainableLlava.crossEntropy(
                  visualLogits,
                  wordDistributions(words, tokenizer, (int) visualLogits.getShape().get(1)));
          collector.backward(qa.add(named.mul(settings.auxWeight())));
          qaLoss = qa.getFloat();
          auxLoss = named.getFloat();
        }
        if (!Double.isFinite(qaLoss) || !Double.isFinite(auxLoss)) {
          skipped++;
          continue;
        }
        double norm =
            adam.step(
                parameters, learningRate(settings.learningRate(), step, settings.languageSteps()));
        if (!Double.isFinite(norm)) {
          skipped++;
        }
        qaSum += qaLoss;
        auxSum += auxLoss;
        logged++;
        if (step % 100 == 0) {
          System.out.printf(
              Locale.ROOT,
              "language step %5d  qa %.3f  named %.3f  skipped %d  %.1f min%n",
              step,
              qaSum / logged,
              auxSum / logged,
              skipped,
              minutes(start));
          qaSum = 0;
          auxSum = 0;
          logged = 0;
        }
        if (step % 1000 == 0) {
          DemoCheckpointFiles.writeWeights(settings.out(), weights);
        }
      }
    }
  }

  /** One frame's flat {@code [cell * dim]} tokens as rows. */
  private static float[][] rows(float[] flat, int perFrame, int dim) {
    float[][] out = new float[perFrame][dim];
    for (int c = 0; c < perFrame; c++) {
      System.arraycopy(flat, c * dim, out[c], 0, dim);
    }
    return out;
  }

  private static int[] cellLabels(List<GroundTruth> truths, SceneConfig scene, int side) {
    int[] cells = new int[truths.size() * side * side];
    for (int f = 0; f < truths.size(); f++) {
      int[] labels = CellLabels.of(truths.get(f), scene.width(), scene.height(), side);
      System.arraycopy(labels, 0, cells, f * side * side, labels.length);
    }
    return cells;
  }

  /** What a per-cell flag marks in one frame's ground truth, such as {@link CellLabels#centres}. */
  @FunctionalInterface
  private interface FrameFlag {
    boolean[] of(GroundTruth truth, int width, int height, int side);
  }

  /** A per-cell flag the vision tower learns: what marks it, its code, and its linear probe. */
  private record CellFlag(
      String name, FrameFlag flag, float[] code, NDArray weight, NDArray bias, long[] hits) {
    CellFlag(
        String name,
        FrameFlag flag,
        float[] code,
        int dim,
        SplittableRandom random,
        NDManager manager) {
      this(name, flag, code, probe(dim, random, manager), manager.zeros(new Shape(2)), new long[2]);
      bias.setRequiresGradient(true);
    }

    /** Counts marked cells and those the probe finds, for the log. */
    void count(NDArray logits, boolean[] marked) {
      float[] guess = logits.argMax(1).toType(DataType.FLOAT32, false).toFloatArray();
      for (int i = 0; i < marked.length; i++) {
        if (marked[i]) {
          hits[0]++;
          hits[1] += guess[i] == 1 ? 1 : 0;
        }
      }
    }

    /** "name cells right NN %" since the last call. */
    String report() {
      String out =
          String.format(
              Locale.ROOT,
              "  %s cells right %.1f %%",
              name,
              100.0 * hits[1] / Math.max(1, hits[0]));
      hits[0] = 0;
      hits[1] = 0;
      return out;
    }

    private static NDArray probe(int dim, SplittableRandom random, NDManager manager) {
      float[] init = new float[2 * dim];
      for (int i = 0; i < init.length; i++) {
        init[i] = (float) random.nextDouble(-0.1, 0.1);
      }
      NDArray weight = manager.create(init, new Shape(2, dim));
      weight.setRequiresGradient(true);
      return weight;
    }

    boolean[] marks(List<GroundTruth> truths, SceneConfig scene, int side) {
      boolean[] out = new boolean[truths.size() * side * side];
      for (int f = 0; f < truths.size(); f++) {
        boolean[] m = flag.of(truths.get(f), scene.width(), scene.height(), side);
        System.arraycopy(m, 0, out, f * side * side, m.length);
      }
      return out;
    }
  }

  private static List<List<String>> cellWords(
      List<GroundTruth> truths, SceneConfig scene, int side) {
    List<List<String>> out = new ArrayList<>(truths.size() * side * side);
    for (GroundTruth truth : truths) {
      out.addAll(CellWords.of(truth, scene.width(), scene.height(), side));
    }
    return out;
  }

  /** Each position's words as an equal-weight distribution over the vocabulary, flattened. */
  private static float[] wordDistributions(
      List<List<String>> words, ChatTokenizer tokenizer, int vocabulary) {
    float[] out = new float[words.size() * vocabulary];
    for (int i = 0; i < words.size(); i++) {
      for (String word : words.get(i)) {
        out[i * vocabulary + tokenizer.tokenId(word)] += 1f / words.get(i).size();
      }
    }
    return out;
  }

  /** Warm-up over 50 steps, then cosine decay to a tenth. */
  private static float learningRate(float peak, int step, int steps) {
    if (step < 50) {
      return peak * step / 50f;
    }
    double progress = (double) (step - 50) / Math.max(1, steps - 50);
    return (float) (peak * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress))));
  }

  private static double minutes(long since) {
    return (System.nanoTime() - since) / 6e10;
  }

  /** See the class comment for the arguments. */
  public static void main(String[] args) throws IOException {
    Settings d = Settings.defaults(null);
    Path out = null;
    long seed = d.seed();
    int visionSteps = d.visionSteps();
    int languageSteps = d.languageSteps();
    int maxFrames = d.maxFrames();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--out" -> out = Path.of(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--vision-steps" -> visionSteps = Integer.parseInt(args[++i]);
        case "--language-steps" -> languageSteps = Integer.parseInt(args[++i]);
        case "--max-frames" -> maxFrames = Integer.parseInt(args[++i]);
        default ->
            throw new IllegalArgumentException(
                "unknown argument "
                    + args[i]
                    + "; usage:"
                    + " DemoModelTrainer --out DIR [--seed N] [--vision-steps N] [--language-steps N]"
                    + " [--max-frames N]");
      }
    }
    if (out == null) {
      throw new IllegalArgumentException("--out DIR is required");
    }
    new DemoModelTrainer(
            new Settings(
                out,
                seed,
                visionSteps,
                d.visionFrames(),
                d.visionLearningRate(),
                languageSteps,
                maxFrames,
                d.singleFrameShare(),
                d.learningRate(),
                d.auxWeight(),
                d.poolScenes(),
                d.poolFrames(),
                d.questionsPerClip(),
                d.servedShare()))
        .train();
  }
}
