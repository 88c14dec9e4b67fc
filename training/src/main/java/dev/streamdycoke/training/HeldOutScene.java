package dev.streamdycoke.training;

import dev.streamdycoke.model.vision.FrameEncoder;
import dev.streamdycoke.model.vision.RgbImage;
import dev.streamdycoke.operators.gate.Thumbnail;
import dev.streamdycoke.simulator.qa.QaExample;
import dev.streamdycoke.simulator.qa.QuestionCategory;
import dev.streamdycoke.simulator.qa.QuestionGenerator;
import dev.streamdycoke.simulator.qa.SceneHistory;
import dev.streamdycoke.simulator.scene.SceneConfig;
import dev.streamdycoke.simulator.scene.SceneFrame;
import dev.streamdycoke.simulator.scene.SceneRenderer;
import dev.streamdycoke.simulator.scene.SceneSimulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * One held-out scene prepared once for any number of streaming setups: its frames' visual tokens
 * (the vision tower runs once per scene, not once per setup) and the questions asked at random
 * moments with their ground-truth answers. The stream starts at the scene's first frame, and so
 * does the history every question is answered from.
 *
 * @param tokens {@code [frame][token][dim]}
 * @param thumbnails each frame's {@link Thumbnail}, what the change gate compares (kept instead of
 *     the frames: 3 KB each)
 * @param questions by the frame they are asked at (after that frame's tokens arrived)
 */
public record HeldOutScene(
    long seed, float[][][] tokens, Thumbnail[] thumbnails, List<QaExample> questions) {
  public HeldOutScene {
    if (thumbnails.length != tokens.length) {
      throw new IllegalArgumentException(
          tokens.length + " frames of tokens but " + thumbnails.length + " thumbnails");
    }
  }

  /**
   * Renders {@code frames} frames of scene {@code seed}, encodes them, and asks one question of
   * each category at each of {@code moments} distinct random frames (from the third frame on, so
   * there is a past to ask about); categories with nothing fair to ask at a moment are skipped.
   */
  public static HeldOutScene prepare(
      long seed, int frames, int moments, FrameEncoder encoder, QuestionGenerator generator) {
    SceneConfig config = DemoWorld.scene(seed);
    SceneSimulator world = new SceneSimulator(config);
    SceneRenderer renderer = new SceneRenderer(config);
    SplittableRandom random = new SplittableRandom(seed);
    TreeSet<Integer> at = new TreeSet<>();
    int first = Math.min(2, frames - 1);
    while (at.size() < Math.min(moments, frames - first)) {
      at.add(first + random.nextInt(frames - first));
    }
    SceneHistory history = new SceneHistory(config.fps());
    List<RgbImage> images = new ArrayList<>();
    Thumbnail[] thumbnails = new Thumbnail[frames];
    List<QaExample> questions = new ArrayList<>();
    for (int f = 0; f < frames; f++) {
      SceneFrame frame = world.next();
      RgbImage image = renderer.render(frame);
      images.add(image);
      thumbnails[f] = Thumbnail.of(image);
      history.add(frame.groundTruth());
      if (at.contains(f)) {
        for (QuestionCategory category : QuestionCategory.values()) {
          Optional<QaExample> q = generator.ask(history, category);
          q.ifPresent(questions::add);
        }
      }
    }
    return new HeldOutScene(seed, encoder.encode(images), thumbnails, List.copyOf(questions));
  }
}
