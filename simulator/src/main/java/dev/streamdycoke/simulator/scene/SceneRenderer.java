package dev.streamdycoke.simulator.scene;

import dev.streamdycoke.model.vision.RgbImage;
import java.util.List;

/**
 * Rasterises a {@link SceneFrame}: a copy of the static background (painted once), the objects back
 * to front, then the frame's sensor noise. Equal configs and equal frames give equal images, byte
 * for byte.
 *
 * <p>Thread-safe: every call draws into a fresh buffer.
 */
public final class SceneRenderer {

  private final SceneConfig config;
  private final byte[] background;
  private final SensorNoise noise;

  public SceneRenderer(SceneConfig config) {
    this.config = config;
    this.background = BackgroundPainter.paint(config);
    this.noise = new SensorNoise(Seeds.derive(config.seed(), Seeds.NOISE), config.noiseSigma());
  }

  public SceneConfig config() {
    return config;
  }

  /** The frame as the camera sees it. */
  public RgbImage render(SceneFrame frame) {
    return render(frame.drawOrder(), frame.frameIndex());
  }

  /**
   * Draws {@code drawOrder} (back to front) over the background with frame {@code frameIndex}'s
   * noise; an empty list gives the empty street as that frame would show it.
   */
  public RgbImage render(List<SceneObject> drawOrder, long frameIndex) {
    byte[] rgb = background.clone();
    Canvas canvas = new Canvas(config.width(), config.height(), rgb);
    ObjectPainter painter = new ObjectPainter(canvas);
    for (SceneObject o : drawOrder) {
      painter.paint(o);
    }
    noise.apply(rgb, frameIndex);
    return new RgbImage(config.width(), config.height(), rgb);
  }

  /** The empty street without noise. */
  public RgbImage background() {
    return new RgbImage(config.width(), config.height(), background.clone());
  }
}
