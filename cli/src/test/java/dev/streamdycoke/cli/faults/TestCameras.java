package dev.streamdycoke.cli.faults;

import dev.streamdycoke.cli.cameras.FrameEncoding;
import dev.streamdycoke.cli.cameras.SimulatedCamera;
import dev.streamdycoke.schemas.Frame;
import dev.streamdycoke.schemas.Query;
import dev.streamdycoke.simulator.scene.SceneConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Frames of simulated cameras, and what the job's caches must hold after them. */
final class TestCameras {
  /** Vision tokens per frame of the tiny checkpoint. */
  static final int TOKENS_PER_FRAME = 196;

  /** DyCoke with the default k = 0.7 keeps floor(0.3 * 196) tokens at window positions 1 to 3. */
  static final int TOKENS_PER_MERGED_FRAME = (int) Math.floor(0.3 * TOKENS_PER_FRAME);

  private TestCameras() {}

  /** Frames 0 to count - 1 of simulated scene {@code scene}, as JPEG records of {@code camera}. */
  static List<Frame> frames(String camera, int scene, int count) {
    SimulatedCamera source = new SimulatedCamera(SceneConfig.defaults(scene));
    FrameEncoding jpeg = FrameEncoding.jpeg(FrameEncoding.DEFAULT_JPEG_QUALITY);
    List<Frame> frames = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      frames.add(jpeg.toFrame(camera, source.next().orElseThrow()));
    }
    return frames;
  }

  /**
   * Visual tokens a camera's cache holds after its first {@code frames} frames, each merged exactly
   * once: whole anchor frames at window position 0 (windows of 4), the pruned share otherwise.
   * Valid while that stays within the default capacity of 1024 (10 frames or fewer).
   */
  static int tokensAfter(long frames) {
    if (frames > 10) {
      throw new IllegalArgumentException("the cache starts evicting after 10 frames");
    }
    long anchors = (frames + 3) / 4;
    return (int) (anchors * TOKENS_PER_FRAME + (frames - anchors) * TOKENS_PER_MERGED_FRAME);
  }

  static Query query(String id, String question, List<String> cameras) {
    return Query.newBuilder()
        .setQueryId(id)
        .setCameraIds(cameras)
        .setQuestion(question)
        .setIssuedAt(Instant.now())
        .setMaxNewTokens(4)
        .setDeadline(null)
        .build();
  }
}
