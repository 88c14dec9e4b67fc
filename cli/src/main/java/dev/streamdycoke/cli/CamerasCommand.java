package dev.streamdycoke.cli;

import dev.streamdycoke.cli.cameras.CameraFleetProducer;
import dev.streamdycoke.cli.cameras.CameraHealth;
import dev.streamdycoke.cli.cameras.CameraMetrics;
import dev.streamdycoke.cli.cameras.CameraSpec;
import dev.streamdycoke.cli.cameras.FleetFile;
import dev.streamdycoke.cli.cameras.FleetStats;
import dev.streamdycoke.cli.cameras.FrameEncoding;
import dev.streamdycoke.cli.cameras.FrameSource;
import dev.streamdycoke.cli.cameras.KafkaFrameSink;
import dev.streamdycoke.cli.cameras.LiveStreamOptions;
import dev.streamdycoke.cli.cameras.SceneTruths;
import dev.streamdycoke.cli.cameras.SimulatedCamera;
import dev.streamdycoke.job.args.DurationConverter;
import dev.streamdycoke.job.args.KafkaOptions;
import dev.streamdycoke.job.args.RegistryOptions;
import dev.streamdycoke.schemas.FrameFormat;
import dev.streamdycoke.schemas.registry.RegistryConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A camera fleet publishing frames to Kafka: simulated scenes, a video file, a folder of images,
 * live stream URLs, or a fleet file mixing them.
 */
@Command(
    name = "cameras",
    mixinStandardHelpOptions = true,
    description =
        "Publish camera frames to the frames topic: N simulated cameras at F fps, a video file, a"
            + " folder of images, live stream URLs (RTSP, HTTP), or a fleet file.")
public final class CamerasCommand implements Callable<Integer> {
  /** Simulated cameras, or cameras playing the same file or folder, unless -n says otherwise. */
  static final int DEFAULT_CAMERAS = 4;

  @Option(
      names = {"-n", "--cameras"},
      description =
          "Number of cameras (default: 4; with --url, one per URL: one stream is never opened N"
              + " times).")
  Integer cameras;

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
        description =
            "A video file every camera plays (e.g. OpenCV's sample vtest.avi), or a stream URL"
                + " (rtsp://, rtsps://, http(s)://: anything FFmpeg opens) read as a live camera.")
    String video;

    @Option(
        names = "--url",
        description = "A live camera's stream URL; repeat for more cameras (ids: prefix + number).")
    List<String> urls;

    @Option(
        names = "--images",
        description = "A folder of JPEG/PNG images every camera plays in name order.")
    Path images;

    @Option(
        names = "--fleet",
        description =
            "A fleet file: one camera a line, 'id source [key=value ...]'; see docs/cameras.md.")
    Path fleet;
  }

  @Option(
      names = "--transport",
      description = "RTSP transport of live cameras: tcp or udp (default: FFmpeg's, UDP first).")
  String transport;

  @Option(
      names = "--io-timeout",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description =
          "Live cameras: longest a connect or read may block in FFmpeg (default: ${DEFAULT-VALUE}).")
  Duration ioTimeout;

  @Option(
      names = "--stall-timeout",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description =
          "Live cameras: no frame for this long and the camera is DOWN and reconnected"
              + " (default: ${DEFAULT-VALUE}).")
  Duration stallTimeout;

  @Option(
      names = "--ffmpeg-option",
      paramLabel = "NAME=VALUE",
      description = "An FFmpeg option for every live camera, e.g. fflags=nobuffer; repeatable.")
  Map<String, String> ffmpegOptions = new LinkedHashMap<>();

  @Option(
      names = "--startup-timeout",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "Exit with 1 if no camera delivered a frame by then (default: ${DEFAULT-VALUE}).")
  Duration startupTimeout;

  @Option(
      names = "--metrics-file",
      description =
          "Write per-camera health in the Prometheus text format to this file at every stats"
              + " line (for node_exporter's textfile collector).")
  Path metricsFile;

  @Spec CommandSpec spec;

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
    CameraFleetProducer fleet = fleet(kafka, specs(), fps, format, null, registry.config());
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
      Duration startup =
          duration != null && duration.compareTo(startupTimeout) < 0 ? duration : startupTimeout;
      if (!fleet.awaitFirstFrame(startup)) {
        System.err.println(
            "no camera delivered a frame within "
                + startup
                + "; the fleet cannot start: "
                + CameraHealth.summary(fleet.health()));
        return 1;
      }
      while (System.nanoTime() < end && !fleet.awaitEnd(Duration.ZERO)) {
        if (stop.await(
            Math.min(5_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)),
            TimeUnit.MILLISECONDS)) {
          break;
        }
        print(fleet);
      }
    }
    print(fleet);
    return 0;
  }

  private void print(CameraFleetProducer fleet) {
    FleetStats stats = fleet.stats();
    List<CameraHealth> health = fleet.health();
    System.out.println(stats);
    System.out.println(CameraHealth.summary(health));
    if (metricsFile != null) {
      try {
        CameraMetrics.write(metricsFile, health);
      } catch (IOException e) {
        System.err.println("cannot write " + metricsFile + ": " + e);
      }
    }
  }

  /** The cameras the options describe; a bad combination is a usage error (exit code 2). */
  List<CameraSpec> specs() throws IOException {
    Function<String, LiveStreamOptions> live = this::liveOptions;
    try {
      if (input.fleet != null) {
        if (cameras != null) {
          throw new IllegalArgumentException("-n does not go with --fleet: the file lists them");
        }
        return FleetFile.read(input.fleet, live, !noLoop);
      }
      List<String> urls = new ArrayList<>();
      if (input.urls != null) {
        urls.addAll(input.urls);
      } else if (input.video != null && LiveStreamOptions.isUrl(input.video)) {
        urls.add(input.video);
      }
      if (!urls.isEmpty()) {
        if (cameras != null && cameras != urls.size()) {
          throw new IllegalArgumentException(
              "-n "
                  + cameras
                  + " with "
                  + urls.size()
                  + " URL(s): each live camera needs its own URL (repeat --url, or use --fleet)");
        }
        List<CameraSpec> specs = new ArrayList<>();
        for (int i = 0; i < urls.size(); i++) {
          specs.add(
              CameraSpec.live(
                  CameraFleetProducer.cameraId(idPrefix, i, urls.size()), live.apply(urls.get(i))));
        }
        return specs;
      }
      return specs(
          cameras == null ? DEFAULT_CAMERAS : cameras,
          idPrefix,
          input.video == null ? null : Path.of(input.video),
          input.images,
          !noLoop,
          seed);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private LiveStreamOptions liveOptions(String url) {
    return LiveStreamOptions.of(url)
        .withTransport(transport == null ? null : transport.toLowerCase(Locale.ROOT))
        .withIoTimeout(ioTimeout)
        .withStallTimeout(stallTimeout)
        .withFfmpeg(ffmpegOptions);
  }

  /** {@code cameras} cameras playing a file, a folder, or simulated scenes (seed + index). */
  static List<CameraSpec> specs(
      int cameras, String idPrefix, Path video, Path images, boolean loop, long seed) {
    List<CameraSpec> specs = new ArrayList<>(cameras);
    for (int i = 0; i < cameras; i++) {
      String id = CameraFleetProducer.cameraId(idPrefix, i, cameras);
      if (video != null) {
        specs.add(
            new CameraSpec(id, CameraSpec.Kind.VIDEO_FILE, video.toString(), 0, loop, 0, null));
      } else if (images != null) {
        specs.add(
            new CameraSpec(id, CameraSpec.Kind.IMAGE_FOLDER, images.toString(), 0, loop, 0, null));
      } else {
        specs.add(new CameraSpec(id, CameraSpec.Kind.SIMULATED, null, 0, loop, seed + i, null));
      }
    }
    return specs;
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
    return fleet(
        kafka, specs(cameras, idPrefix, video, images, loop, seed), fps, format, truths, null);
  }

  /**
   * A fleet of {@code specs} publishing to Kafka, at {@code fps} unless a camera has its own rate;
   * simulated cameras also record their ground truth in {@code truths} unless null; frames are
   * written in Confluent's wire format through {@code registry} unless it is null.
   */
  static CameraFleetProducer fleet(
      KafkaOptions kafka,
      List<CameraSpec> specs,
      double fps,
      String format,
      SceneTruths truths,
      RegistryConfig registry) {
    FrameFormat frameFormat = FrameFormat.valueOf(format.toUpperCase(Locale.ROOT));
    CameraFleetProducer.Settings settings =
        CameraFleetProducer.Settings.of(specs.size(), fps)
            .withEncoding(FrameEncoding.of(frameFormat));
    List<CameraFleetProducer.Member> members =
        specs.stream()
            .map(c -> new CameraFleetProducer.Member(c.id(), c.fps() > 0 ? c.fps() : fps))
            .toList();
    CameraFleetProducer.SourceFactory sources =
        (cameraId, index) -> {
          FrameSource source = specs.get(index).open(fps);
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
    return new CameraFleetProducer(settings, members, sources, sink);
  }
}
