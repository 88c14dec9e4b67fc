package dev.streamdycoke.cli.cameras;

import dev.streamdycoke.simulator.qa.Visibility;
import dev.streamdycoke.simulator.scene.GroundTruth;
import dev.streamdycoke.simulator.scene.Motion;
import dev.streamdycoke.simulator.scene.VisibleObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The ground truth of the last frames each simulated camera published, by camera and seq, so a
 * person watching answers arrive can see what the street really showed at the answered frame.
 * Thread safe: cameras record on the fleet's threads, answers are looked up on another.
 */
public final class SceneTruths {
  private final int framesPerCamera;
  private final Map<String, ConcurrentSkipListMap<Long, GroundTruth>> byCamera =
      new ConcurrentHashMap<>();

  /** Keeps the last {@code framesPerCamera} frames of each camera. */
  public SceneTruths(int framesPerCamera) {
    if (framesPerCamera < 1) {
      throw new IllegalArgumentException("framesPerCamera must be positive: " + framesPerCamera);
    }
    this.framesPerCamera = framesPerCamera;
  }

  /** Records {@code truth} as camera {@code cameraId}'s frame {@code seq}. */
  public void record(String cameraId, long seq, GroundTruth truth) {
    ConcurrentSkipListMap<Long, GroundTruth> frames =
        byCamera.computeIfAbsent(cameraId, id -> new ConcurrentSkipListMap<>());
    frames.put(seq, truth);
    while (frames.size() > framesPerCamera) {
      frames.pollFirstEntry();
    }
  }

  /** The truth of camera {@code cameraId}'s frame {@code seq}, if still held. */
  public Optional<GroundTruth> at(String cameraId, long seq) {
    ConcurrentSkipListMap<Long, GroundTruth> frames = byCamera.get(cameraId);
    return frames == null ? Optional.empty() : Optional.ofNullable(frames.get(seq));
  }

  /**
   * What a frame shows, in the questions' words: the objects seen (colour and kind, "stopped" when
   * they are), then how many more are only partly in view, or "empty street".
   */
  public static String describe(GroundTruth truth) {
    List<String> seen = new ArrayList<>();
    int partial = 0;
    for (VisibleObject o : truth.objects()) {
      if (Visibility.isSeen(o)) {
        seen.add(
            o.colour().label()
                + " "
                + o.kind().label()
                + (o.motion() == Motion.STOPPED ? " (stopped)" : ""));
      } else if (Visibility.isPartial(o)) {
        partial++;
      }
    }
    String out = seen.isEmpty() ? "empty street" : String.join(", ", seen);
    return partial == 0 ? out : out + " + " + partial + " partly in view";
  }

  /** {@code camera} recording each frame's truth here under {@code cameraId}. */
  public FrameSource recording(String cameraId, SimulatedCamera camera) {
    return new FrameSource() {
      @Override
      public Optional<CapturedFrame> next() throws IOException {
        Optional<CapturedFrame> frame = camera.next();
        frame.ifPresent(f -> camera.groundTruth().ifPresent(t -> record(cameraId, f.seq(), t)));
        return frame;
      }

      @Override
      public void close() throws IOException {
        camera.close();
      }
    };
  }
}
