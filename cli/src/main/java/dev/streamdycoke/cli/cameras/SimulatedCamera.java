package dev.streamdycoke.cli.cameras;

import dev.streamdycoke.simulator.scene.GroundTruth;
import dev.streamdycoke.simulator.scene.SceneConfig;
import dev.streamdycoke.simulator.scene.SceneVideo;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * A camera over the synthetic street: endless, deterministic frames from {@link SceneVideo}. Each
 * frame's attributes name the seed and scene frame, so whoever reads the frame downstream can
 * regenerate its ground truth.
 */
public final class SimulatedCamera implements FrameSource {

  /** Attribute: constant {@code "simulated"}. */
  public static final String ATTR_SOURCE = "source";

  /** Attribute: the scene seed. */
  public static final String ATTR_SEED = "scene.seed";

  /** Attribute: the scene frame index (equal to seq). */
  public static final String ATTR_FRAME = "scene.frame";

  private final SceneVideo video;
  private final Clock clock;
  private GroundTruth lastTruth;

  public SimulatedCamera(SceneConfig config, Clock clock) {
    this.video = new SceneVideo(config);
    this.clock = clock;
  }

  public SimulatedCamera(SceneConfig config) {
    this(config, Clock.systemUTC());
  }

  @Override
  public Optional<CapturedFrame> next() {
    SceneVideo.LabelledFrame frame = video.next();
    lastTruth = frame.groundTruth();
    long index = frame.scene().frameIndex();
    return Optional.of(
        new CapturedFrame(
            frame.image(),
            index,
            clock.instant(),
            Map.of(
                ATTR_SOURCE, "simulated",
                ATTR_SEED, Long.toString(video.config().seed()),
                ATTR_FRAME, Long.toString(index))));
  }

  /** The ground truth of the frame the last {@link #next()} returned; empty before the first. */
  public Optional<GroundTruth> groundTruth() {
    return Optional.ofNullable(lastTruth);
  }

  public SceneConfig config() {
    return video.config();
  }

  @Override
  public void close() {}
}
