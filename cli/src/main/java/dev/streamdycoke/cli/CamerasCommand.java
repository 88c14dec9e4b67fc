package dev.streamdycoke.cli;

import dev.streamdycoke.cli.cameras.CameraFleetProducer;
import dev.streamdycoke.cli.cameras.FleetStats;
import dev.streamdycoke.cli.cameras.FrameEncoding;
import dev.streamdycoke.cli.cameras.FrameSource;
import dev.streamdycoke.cli.cameras.ImageFolderCamera;
import dev.streamdycoke.cli.cameras.KafkaFrameSink;
import dev.streamdycoke.cli.cameras.SceneTruths;
import dev.streamdycoke.cli.cameras.SimulatedCamera;
import dev.streamdycoke.cli.cameras.VideoFileCamera;
import dev.streamdycoke.job.args.DurationConverter;
import dev.streamdycoke.job.args.KafkaOptions;
import dev.streamdycoke.job.args.RegistryOptions;
import dev.streamdycoke.schemas.FrameFormat;
import dev.streamdycoke.schemas.registry.RegistryConfig;
import dev.streamdycoke.simulator.scene.SceneConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A camera fleet publishing frames to Kafka: simulated scenes, a video file, or a folder of images.
 */
@Command(
    name = "cameras",
    mixinStandardHelpOptions = true,
    description =
        "Publish camera frames to the frames topic: N simulated cameras at F fps, a video file, or a folder of images.")
public final class CamerasCommand implements Callable<Integer> {
  @Option(
      names = {"-n", "--cameras"},
      defaultValue = "4",
      description = "Number of cameras (default: ${DEFAULT-VALUE}).")
  int cameras;

  @Option(
      names = "--fps",
      defaultValue = "2",
      description = "Frames per second per camera (default: ${DEFAULT-VALUE}).")
  double fps;

  @Option(
      names = "--id-prefix",
      defaultValue = "cam-",
      description = "Camera ids are the prefix and a number (default: ${DEFAULT-VALUE}).")
  String idPrefix;

  @ArgGroup(exclusive = true)
  Input input = new Input();

  static final class Input {
    @Option(
        names = "--video",
        description = "A video file every camera plays, e.g. OpenCV's sample vtest.avi.")
    Path video;

    @Option(
        names = "--images",
        description = "A folder of JPEG/PNG images every camera plays in name order.")
    Path images;
  }

  @Option(
      names = "--no-loop",
      description = "Stop at the end of the video or folder instead of starting over.")
  boolean noLoop;

  @Option(
      names = "--format",
      defaultValue = "jpeg",
      description = "Frame encoding: jpeg, png or rgb24 (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description =
          "First scene seed of simulated cameras; camera i uses seed + i (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description = "Stop after this long (e.g. 90s); default: until Ctrl-C.")
  Duration duration;

  @Mixin KafkaOptions kafka;
  @Mixin RegistryOptions registry;

  @Override
  public Integer call() throws Exception {
    CameraFleetProducer fleet =
        fleet(
            kafka,
            cameras,
            fps,
            idPrefix,
            input.video,
            input.images,
            !noLoop,
            format,
            seed,
            null,
            registry.config());
    CountDownLatch stop = new CountDownLatch(1);
    Thread hook = new Thread(stop::countDown);
    Runtime.getRuntime().addShutdownHook(hook);
    try (fleet) {
      fleet.start();
      System.out.println(
          "publishing "
              + String.join(", ", fleet.cameraIds())
              + " to "
              + kafka.topics().frames()
              + " at "
              + kafka.bootstrapServers());
      long end = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
      while (System.nanoTime() < end && !fleet.awaitEnd(Duration.ZERO)) {
        if (stop.await(
            Math.min(5_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)),
            TimeUnit.MILLISECONDS)) {
          break;
        }
        print(fleet.stats());
      }
    }
    print(fleet.stats());
    return 0;
  }

  private static void print(FleetStats stats) {
    System.out.println(stats);
  }

  /** A fleet publishing to Kafka; shared with the demo. */
  static CameraFleetProducer fleet(
      KafkaOptions kafka,
      int cameras,
      double fps,
      String idPrefix,
      Path video,
      Path images,
      boolean loop,
      String format,
      long seed) {
    return fleet(kafka, cameras, fps, idPrefix, video, images, loop, format, seed, null);
  }

  /** As above; simulated cameras also record their ground truth in {@code truths} unless null. */
  static CameraFleetProducer fleet(
      KafkaOptions kafka,
      int cameras,
      double fps,
      String idPrefix,
      Path video,
      Path images,
      boolean loop,
      String format,
      long seed,
      SceneTruths truths) {
    return fleet(kafka, cameras, fps, idPrefix, video, images, loop, format, seed, truths, null);
  }

  /** As above, writing Confluent's wire format through {@code registry} unless it is null. */
  static CameraFleetProducer fleet(
      KafkaOptions kafka,
      int cameras,
      double fps,
      String idPrefix,
      Path video,
      Path images,
      boolean loop,
      String format,
      long seed,
      SceneTruths truths,
      RegistryConfig registry) {
    FrameFormat frameFormat = FrameFormat.valueOf(format.toUpperCase(Locale.ROOT));
    CameraFleetProducer.Settings settings =
        CameraFleetProducer.Settings.of(cameras, fps)
            .withIdPrefix(idPrefix)
            .withEncoding(FrameEncoding.of(frameFormat));
    CameraFleetProducer.SourceFactory sources =
        (cameraId, index) -> {
          FrameSource source = source(video, images, loop, seed + index, fps);
          return truths != null && source instanceof SimulatedCamera simulated
              ? truths.recording(cameraId, simulated)
              : source;
        };
    KafkaFrameSink sink =
        KafkaFrameSink.create(
            kafka.clientProperties("streamdycoke-cameras"),
            kafka.topics().frames(),
            frameFormat,
            registry);
    return new CameraFleetProducer(settings, sources, sink);
  }

  private static FrameSource source(Path video, Path images, boolean loop, long seed, double fps)
      throws java.io.IOException {
    if (video != null) {
      return new VideoFileCamera(video, VideoFileCamera.Options.defaults().looping(loop));
    }
    if (images != null) {
      return new ImageFolderCamera(images, loop);
    }
    // Scene time runs at the camera's frame rate: a frame published every 1/fps s shows 1/fps s
    // of street, so motion looks real and the demo model (trained at 1 fps) sees what it learnt.
    return new SimulatedCamera(SceneConfig.builder(seed).fps(fps).build());
  }
}
