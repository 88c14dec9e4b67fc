package dev.streamdycoke.simulator.scene;

import dev.streamdycoke.model.vision.RgbImage;

/**
 * A simulator and a renderer in step: an endless synthetic video whose every frame comes with its
 * ground truth. The entry point for cameras, training data and evaluation.
 *
 * <p>Not thread-safe.
 */
public final class SceneVideo {

  /** One rendered frame and what is true of it. */
  public record LabelledFrame(RgbImage image, SceneFrame scene) {
    public GroundTruth groundTruth() {
      return scene.groundTruth();
    }
  }

  private final SceneSimulator simulator;
  private final SceneRenderer renderer;

  public SceneVideo(SceneConfig config) {
    this.simulator = new SceneSimulator(config);
    this.renderer = new SceneRenderer(config);
  }

  public SceneConfig config() {
    return simulator.config();
  }

  /** The next frame (frame 0 first). */
  public LabelledFrame next() {
    SceneFrame frame = simulator.next();
    return new LabelledFrame(renderer.render(frame), frame);
  }

  public SceneRenderer renderer() {
    return renderer;
  }
}
