package dev.streamdycoke.job.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.streamdycoke.job.cameras.scene.SceneConfig;
import dev.streamdycoke.job.qa.QaExample;
import dev.streamdycoke.job.qa.QuestionCategory;
import dev.streamdycoke.model.CheckpointPromptCodec;
import dev.streamdycoke.model.checkpoint.Checkpoint;
import dev.streamdycoke.model.checkpoint.LlavaOnevisionConfig;
import dev.streamdycoke.model.checkpoint.PreprocessorConfig;
import dev.streamdycoke.model.checkpoint.PreprocessorConfigJson;
import dev.streamdycoke.model.checkpoint.WordLevelTokenizerFiles;
import dev.streamdycoke.model.session.PromptCodec;
import dev.streamdycoke.model.tokenizer.ChatTokenizer;
import dev.streamdycoke.model.training.Adam;
import dev.streamdycoke.model.training.TrainableLlava;
import dev.streamdycoke.model.training.TrainableWeights;
import dev.streamdycoke.model.vision.VideoPooling;
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
 * the runtime's own modules ({@link TrainableLlava}), and writes it in the Hugging Face layout.
 *
 * <p>What makes this tractable on one CPU thread, all of it a choice of data and loss, none of
 * it a change to the architecture:
 * <ul>
 *   <li>the world runs at 1 fps ({@link DemoWorld}) and clips are short (1 to {@code
 *       --max-frames} frames), questions asked at a clip's last frame about the clip;
 *   <li>a curriculum: the first {@code --single-frame} share of the steps are single frames with
 *       "now" questions only, then clips of any length with every category;
 *   <li>every clip is prefilled once and all its questions are scored against that prefill, as
 *       a streaming session answers them;
 *   <li>an auxiliary per-cell loss: a linear probe (not saved) reads each visual token and must
 *       name what its cell shows in the ground truth ({@link CellLabels}), which trains the vision
 *       tower and projector much faster than answers alone.
 * </ul>
 *
 * <p>Usage: {@code DemoModelTrainer --out DIR [--steps N] [--seed N] [--max-frames N]
 * [--eval-scenes N]}.
 */
public final class DemoModelTrainer {
  private final Settings settings;

  /** What a run does; {@link #defaults()} reproduces the committed checkpoint. */
  public record Settings(
      Path out,
      long seed,
      int steps,
      int maxFrames,
      double singleFrameShare,
      float learningRate,
      float auxWeight,
      int saveEvery,
      int evalScenes) {
    public static Settings defaults(Path out) {
      return new Settings(out, 7, 3000, 10, 0.25, 3e-3f, 0.5f, 250, 40);
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
    int side = VideoPooling.pooledSide(config.vision().patchesPerSide());
    int dim = config.text().hiddenSize();
    SceneConfig scene = DemoWorld.scene(0);
    long start = System.nanoTime();
    try (ChatTokenizer tokenizer = ChatTokenizer.open(dir.resolve(Checkpoint.TOKENIZER));
        NDManager manager = NDManager.newBaseManager();
        TrainableWeights weights = new TrainableWeights(config, settings.seed(), manager);
        Adam adam = new Adam(manager, 0.01f, 1f)) {
      PromptCodec prompt = new CheckpointPromptCodec(tokenizer, config.eosTokenIds());
      Map<String, NDArray> parameters = new LinkedHashMap<>(weights.parameters());
      float[] probeInit = new float[CellLabels.CLASSES * dim];
      SplittableRandom init = new SplittableRandom(settings.seed());
      for (int i = 0; i < probeInit.length; i++) {
        probeInit[i] = (float) init.nextDouble(-0.1, 0.1);
      }
      NDArray probeWeight = manager.create(probeInit, new Shape(CellLabels.CLASSES, dim));
      NDArray probeBias = manager.zeros(new Shape(CellLabels.CLASSES));
      probeWeight.setRequiresGradient(true);
      probeBias.setRequiresGradient(true);
      parameters.put("probe.weight", probeWeight);
      parameters.put("probe.bias", probeBias);
      System.out.printf(Locale.ROOT, "training %,d parameters (+ probe), %d steps, to %s%n",
          weights.size(), settings.steps(), dir.toAbsolutePath());

      ClipSampler sampler = new ClipSampler(settings.seed(), DemoWorld.TRAINING_SEEDS);
      SplittableRandom random = new SplittableRandom(settings.seed() * 31 + 1);
      int singleFrameSteps = (int) (settings.steps() * settings.singleFrameShare());
      double qaSum = 0;
      double auxSum = 0;
      int logged = 0;
      for (int step = 1; step <= settings.steps(); step++) {
        Clip clip;
        if (step <= singleFrameSteps) {
          clip = sampler.next(1, List.of(QuestionCategory.NOW), 4);
        } else {
          int frames = 1 + random.nextInt(settings.maxFrames());
          clip = sampler.next(frames, List.of(QuestionCategory.NOW, QuestionCategory.RECENT,
              QuestionCategory.MEMORY, QuestionCategory.MEMORY), 1);
        }
        if (clip.questions().isEmpty()) {
          continue;
        }
        double[] losses = step(clip, config, preprocessing, weights, prompt, tokenizer,
            probeWeight, probeBias, side, scene, manager);
        if (Boolean.getBoolean("trainer.debug")) {
          System.out.printf(Locale.ROOT, "  step %d frames %d questions %d qa %.4f cells %.4f%n",
              step, clip.frames().size(), clip.questions().size(), losses[0], losses[1]);
        }
        if (!Double.isFinite(losses[0]) || !Double.isFinite(losses[1])) {
          // A non-finite loss would poison every parameter through Adam's moments: skip it.
          System.out.println("skipping step " + step + ": non-finite loss on scene " + clip.seed());
          continue;
        }
        double norm = adam.step(parameters, learningRate(step));
        if (Boolean.getBoolean("trainer.debug")) {
          System.out.printf(Locale.ROOT, "  grad norm %.4f%n", norm);
        }
        qaSum += losses[0];
        auxSum += losses[1];
        logged++;
        if (step % 25 == 0) {
          System.out.printf(Locale.ROOT, "step %5d  qa %.3f  cells %.3f  lr %.5f  %.1f min%n",
              step, qaSum / logged, auxSum / logged, learningRate(step),
              (System.nanoTime() - start) / 6e10);
          qaSum = 0;
          auxSum = 0;
          logged = 0;
        }
        if (step % settings.saveEvery() == 0 || step == settings.steps()) {
          DemoCheckpointFiles.writeWeights(dir, weights);
        }
      }
    }
    System.out.printf(Locale.ROOT, "trained in %.1f min%n", (System.nanoTime() - start) / 6e10);
    return dir;
  }

  /** Warm-up over 50 steps, then cosine decay to a tenth. */
  private float learningRate(int step) {
    float peak = settings.learningRate();
    if (step < 50) {
      return peak * step / 50f;
    }
    double progress = (double) (step - 50) / Math.max(1, settings.steps() - 50);
    return (float) (peak * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress))));
  }

  private double[] step(Clip clip, LlavaOnevisionConfig config, PreprocessorConfig preprocessing,
      TrainableWeights weights, PromptCodec prompt, ChatTokenizer tokenizer, NDArray probeWeight,
      NDArray probeBias, int side, SceneConfig scene, NDManager manager) {
    try (NDManager scratch = manager.newSubManager();
        GradientCollector collector = Engine.getInstance().newGradientCollector();
        TrainableLlava model =
            new TrainableLlava(config, preprocessing, weights, prompt, scratch)) {
      NDArray pixels = model.encoder().preprocessor().toPixels(clip.frames(), scratch);
      NDArray visual = model.visualTokens(pixels);

      int[] cells = new int[clip.frames().size() * side * side];
      for (int f = 0; f < clip.truths().size(); f++) {
        int[] labels = CellLabels.of(clip.truths().get(f), scene.width(), scene.height(), side);
        System.arraycopy(labels, 0, cells, f * side * side, labels.length);
      }
      NDArray probe = visual.matMul(probeWeight.transpose()).add(probeBias);
      NDArray aux = TrainableLlava.crossEntropy(probe, cells);

      List<TrainableLlava.Target> targets = new ArrayList<>();
      List<Integer> answers = new ArrayList<>();
      for (QaExample q : clip.questions()) {
        int answer = tokenizer.tokenId(q.answer());
        targets.add(new TrainableLlava.Target(
            prompt.questionIds(q.question()),
            new int[] {answer, WordLevelTokenizerFiles.IM_END}));
        answers.add(answer);
        answers.add(WordLevelTokenizerFiles.IM_END);
      }
      NDArray logits = NDArrays.concat(new NDList(model.answerLogits(visual, targets)), 0);
      NDArray qa = TrainableLlava.crossEntropy(
          logits, answers.stream().mapToInt(Integer::intValue).toArray());
      NDArray loss = qa.add(aux.mul(settings.auxWeight()));
      collector.backward(loss);
      return new double[] {qa.getFloat(), aux.getFloat()};
    }
  }

  /** {@code DemoModelTrainer --out DIR [--steps N] [--seed N] [--max-frames N]}. */
  public static void main(String[] args) throws IOException {
    Path out = null;
    Settings d = Settings.defaults(null);
    long seed = d.seed();
    int steps = d.steps();
    int maxFrames = d.maxFrames();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--out" -> out = Path.of(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--steps" -> steps = Integer.parseInt(args[++i]);
        case "--max-frames" -> maxFrames = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; usage: DemoModelTrainer --out DIR [--steps N] [--seed N] [--max-frames N]");
      }
    }
    if (out == null) {
      throw new IllegalArgumentException("--out DIR is required");
    }
    Settings settings = new Settings(out, seed, steps, maxFrames, d.singleFrameShare(),
        d.learningRate(), d.auxWeight(), d.saveEvery(), d.evalScenes());
    new DemoModelTrainer(settings).train();
  }
}
