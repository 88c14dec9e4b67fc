package dev.streamdycoke.cli.cameras;

import dev.streamdycoke.simulator.scene.SceneConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One camera of a fleet as the command line or a fleet file describes it.
 *
 * @param id the camera id (the Kafka key of its frames)
 * @param kind what it reads
 * @param location the URL, file or folder; null for a simulated camera
 * @param fps its own frame rate, or 0 for the fleet's
 * @param loop files and folders: start over at the end
 * @param seed simulated cameras: the scene seed
 * @param live live cameras: how to reach the stream; null otherwise
 */
public record CameraSpec(
    String id,
    Kind kind,
    String location,
    double fps,
    boolean loop,
    long seed,
    LiveStreamOptions live) {

  /** What a camera reads. */
  public enum Kind {
    LIVE,
    VIDEO_FILE,
    IMAGE_FOLDER,
    SIMULATED
  }

  public CameraSpec {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("a camera needs an id");
    }
    if (fps < 0) {
      throw new IllegalArgumentException(id + ": fps must be positive: " + fps);
    }
    if ((kind == Kind.LIVE) != (live != null)) {
      throw new IllegalArgumentException(id + ": live options go with live cameras only");
    }
  }

  /** A live camera at the fleet's rate. */
  public static CameraSpec live(String id, LiveStreamOptions options) {
    return new CameraSpec(id, Kind.LIVE, options.url(), 0, false, 0, options);
  }

  /** The kind of camera a location names: a URL, a folder, "simulated", or else a video file. */
  public static Kind kindOf(String location) {
    if (location.equals("simulated")) {
      return Kind.SIMULATED;
    }
    if (LiveStreamOptions.isUrl(location)) {
      return Kind.LIVE;
    }
    return Files.isDirectory(Path.of(location)) ? Kind.IMAGE_FOLDER : Kind.VIDEO_FILE;
  }

  /** This camera at {@code value} fps (0: the fleet's). */
  public CameraSpec withFps(double value) {
    return new CameraSpec(id, kind, location, value, loop, seed, live);
  }

  /**
   * Opens the camera's source. Cheap for a live camera (its reader connects in the background), so
   * the fleet may call this on a shared worker.
   *
   * @param fleetFps the fleet's frame rate, used when the camera has none of its own
   */
  public FrameSource open(double fleetFps) throws IOException {
    double rate = fps > 0 ? fps : fleetFps;
    return switch (kind) {
      case LIVE -> LiveStreamCamera.start(id, live);
      case VIDEO_FILE ->
          new VideoFileCamera(Path.of(location), VideoFileCamera.Options.defaults().looping(loop));
      case IMAGE_FOLDER -> new ImageFolderCamera(Path.of(location), loop);
      // Scene time runs at the camera's frame rate: a frame published every 1/fps s shows 1/fps s
      // of street, so motion looks real and the demo model (trained at 1 fps) sees what it learnt.
      case SIMULATED -> new SimulatedCamera(SceneConfig.builder(seed).fps(rate).build());
    };
  }
}
