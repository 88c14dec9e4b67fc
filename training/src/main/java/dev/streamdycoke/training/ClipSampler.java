package dev.streamdycoke.training;

import dev.streamdycoke.model.vision.RgbImage;
import dev.streamdycoke.simulator.qa.QaExample;
import dev.streamdycoke.simulator.qa.QuestionCategory;
import dev.streamdycoke.simulator.qa.QuestionGenerator;
import dev.streamdycoke.simulator.qa.SceneHistory;
import dev.streamdycoke.simulator.scene.GroundTruth;
import dev.streamdycoke.simulator.scene.SceneConfig;
import dev.streamdycoke.simulator.scene.SceneFrame;
import dev.streamdycoke.simulator.scene.SceneRenderer;
import dev.streamdycoke.simulator.scene.SceneSimulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Training clips drawn from fresh training scenes (each clip from its own scene seed, after a
 * random warm-up so the street is already busy), and balanced questions asked about a run of their
 * frames. Deterministic for a seed and call order.
 */
public final class ClipSampler {
  private static final int MAX_WARM_UP = 60;

  private final SplittableRandom random;
  private final QuestionGenerator questions;
  private final long firstSeed;
  private long clips;

  public ClipSampler(long seed, long firstSceneSeed) {
    this.random = new SplittableRandom(seed);
    this.questions = new QuestionGenerator(seed);
    this.firstSeed = firstSceneSeed;
  }

  /** The next clip of {@code frames} frames, from a fresh training scene, without questions. */
  public Clip next(int frames) {
    long seed = firstSeed + clips++;
    SceneConfig config = DemoWorld.scene(seed);
    SceneSimulator world = new SceneSimulator(config);
    SceneRenderer renderer = new SceneRenderer(config);
    int warmUp = random.nextInt(MAX_WARM_UP);
    for (int i = 0; i < warmUp; i++) {
      world.next();
    }
    List<RgbImage> images = new ArrayList<>();
    List<GroundTruth> truths = new ArrayList<>();
    for (int i = 0; i < frames; i++) {
      SceneFrame frame = world.next();
      images.add(renderer.render(frame));
      truths.add(frame.groundTruth());
    }
    return new Clip(seed, images, truths, List.of());
  }

  /**
   * Up to {@code perCategory} questions of each of {@code categories} asked at the last of {@code
   * truths} about those frames alone (the history starts at the first), fewer when the frames offer
   * none that keeps the answers balanced.
   */
  public List<QaExample> ask(
      List<GroundTruth> truths, List<QuestionCategory> categories, int perCategory) {
    SceneHistory history = new SceneHistory(DemoWorld.FPS);
    truths.forEach(history::add);
    List<QaExample> asked = new ArrayList<>();
    for (QuestionCategory category : categories) {
      for (int i = 0; i < perCategory; i++) {
        Optional<QaExample> q = questions.ask(history, category);
        q.ifPresent(asked::add);
      }
    }
    return asked;
  }

  /** A random int in {@code [0, bound)} from this sampler's stream. */
  public int nextInt(int bound) {
    return random.nextInt(bound);
  }
}
