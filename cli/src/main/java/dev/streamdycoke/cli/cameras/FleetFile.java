package dev.streamdycoke.cli.cameras;

import dev.streamdycoke.job.args.DurationConverter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a fleet file: one camera a line, {@code id source [key=value ...]}, blank lines and {@code
 * #} comments ignored. The source is a stream URL (anything FFmpeg opens: rtsp://, rtsps://,
 * http(s)://), a video file, a folder of images, or {@code simulated}.
 *
 * <pre>
 * # id    source                          options
 * gate-1  rtsp://10.0.0.21/stream1        transport=tcp fps=2 ffmpeg.fflags=nobuffer
 * gate-2  http://10.0.0.22/mjpeg          io-timeout=5s stall-timeout=10s
 * lobby   /data/clips/lobby.mp4           loop=false
 * sim-1   simulated                       seed=7
 * </pre>
 *
 * <p>Options: {@code fps} (this camera's rate; default the fleet's {@code --fps}), {@code
 * transport=tcp|udp}, {@code io-timeout}, {@code stall-timeout}, {@code backoff-max} (live
 * cameras), {@code loop=true|false} (files and folders), {@code seed} (simulated), and {@code
 * ffmpeg.NAME=VALUE} for any FFmpeg option. Values cannot contain spaces. A mistake names its line
 * and stops the command before any camera starts.
 */
public final class FleetFile {

  private static final Set<String> KEYS =
      Set.of("fps", "transport", "io-timeout", "stall-timeout", "backoff-max", "loop", "seed");

  private FleetFile() {}

  /**
   * The cameras of {@code file}.
   *
   * @param defaults the options of a live camera at a URL, before its line's options (the command
   *     line's)
   * @param loop files and folders loop unless their line says otherwise
   */
  public static List<CameraSpec> read(
      Path file, Function<String, LiveStreamOptions> defaults, boolean loop) throws IOException {
    return parse(Files.readAllLines(file), defaults, loop);
  }

  /** As {@link #read}, from the file's lines. */
  public static List<CameraSpec> parse(
      List<String> lines, Function<String, LiveStreamOptions> defaults, boolean loop) {
    List<CameraSpec> cameras = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String text = (hash >= 0 ? line.substring(0, hash) : line).trim();
      if (text.isEmpty()) {
        continue;
      }
      try {
        CameraSpec camera = camera(text.split("\\s+"), defaults, loop);
        if (!ids.add(camera.id())) {
          throw new IllegalArgumentException("camera " + camera.id() + " appears twice");
        }
        cameras.add(camera);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("fleet file line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    if (cameras.isEmpty()) {
      throw new IllegalArgumentException("the fleet file names no camera");
    }
    return cameras;
  }

  private static CameraSpec camera(
      String[] words, Function<String, LiveStreamOptions> defaults, boolean loop) {
    if (words.length < 2) {
      throw new IllegalArgumentException("expected 'id source [key=value ...]'");
    }
    String id = words[0];
    String location = words[1];
    Map<String, String> options = new LinkedHashMap<>();
    Map<String, String> ffmpeg = new LinkedHashMap<>();
    for (int w = 2; w < words.length; w++) {
      int eq = words[w].indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected key=value, got '" + words[w] + "'");
      }
      String key = words[w].substring(0, eq).toLowerCase(Locale.ROOT);
      String value = words[w].substring(eq + 1);
      if (key.startsWith("ffmpeg.") && key.length() > "ffmpeg.".length()) {
        ffmpeg.put(words[w].substring("ffmpeg.".length(), eq), value);
      } else if (KEYS.contains(key)) {
        options.put(key, value);
      } else {
        throw new IllegalArgumentException("unknown option '" + key + "'");
      }
    }
    CameraSpec.Kind kind = CameraSpec.kindOf(location);
    double fps = options.containsKey("fps") ? Double.parseDouble(options.get("fps")) : 0;
    if (options.containsKey("fps") && !(fps > 0)) {
      throw new IllegalArgumentException("fps must be positive: " + options.get("fps"));
    }
    boolean cameraLoop = options.containsKey("loop") ? parseBoolean(options.get("loop")) : loop;
    long seed = options.containsKey("seed") ? Long.parseLong(options.get("seed")) : id.hashCode();
    LiveStreamOptions live = null;
    if (kind == CameraSpec.Kind.LIVE) {
      live = defaults.apply(location);
      if (options.containsKey("transport")) {
        live = live.withTransport(options.get("transport").toLowerCase(Locale.ROOT));
      }
      if (options.containsKey("io-timeout")) {
        live = live.withIoTimeout(DurationConverter.parse(options.get("io-timeout")));
      }
      if (options.containsKey("stall-timeout")) {
        live = live.withStallTimeout(DurationConverter.parse(options.get("stall-timeout")));
      }
      if (options.containsKey("backoff-max")) {
        Backoff b = live.backoff();
        live =
            live.withBackoff(
                new Backoff(
                    b.initial(), DurationConverter.parse(options.get("backoff-max")), b.jitter()));
      }
      Map<String, String> merged = new LinkedHashMap<>(live.ffmpeg());
      merged.putAll(ffmpeg);
      live = live.withFfmpeg(merged);
    } else {
      for (String liveOnly : List.of("transport", "io-timeout", "stall-timeout", "backoff-max")) {
        if (options.containsKey(liveOnly)) {
          throw new IllegalArgumentException(liveOnly + " applies to stream URLs only");
        }
      }
      if (!ffmpeg.isEmpty()) {
        throw new IllegalArgumentException("ffmpeg options apply to stream URLs only");
      }
    }
    return new CameraSpec(
        id, kind, kind == CameraSpec.Kind.SIMULATED ? null : location, fps, cameraLoop, seed, live);
  }

  private static boolean parseBoolean(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException("not true/false: " + value);
    };
  }
}
