package dev.streamdycoke.cli.cameras;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Per-camera health in the Prometheus text format, written to a file that node_exporter's textfile
 * collector (or anything that reads a file) picks up. The file is replaced atomically, so a reader
 * never sees half of it.
 */
public final class CameraMetrics {

  private CameraMetrics() {}

  /** The exposition text of {@code health}. */
  public static String render(List<CameraHealth> health) {
    StringBuilder out = new StringBuilder();
    gauge(out, "streamdycoke_camera_up", "1 if the camera delivers frames, else 0.");
    health.forEach(h -> line(out, "streamdycoke_camera_up", h, h.state().gauge()));
    gauge(out, "streamdycoke_camera_state", "The camera's state, as a label; always 1.");
    for (CameraHealth h : health) {
      out.append("streamdycoke_camera_state{camera=\"")
          .append(escape(h.cameraId()))
          .append("\",state=\"")
          .append(h.state())
          .append("\"} 1\n");
    }
    counter(out, "streamdycoke_camera_frames_total", "Frames published.");
    health.forEach(h -> line(out, "streamdycoke_camera_frames_total", h, h.framesPublished()));
    gauge(
        out,
        "streamdycoke_camera_last_frame_age_seconds",
        "Seconds since the camera's last published frame (-1: none yet).");
    health.forEach(
        h ->
            line(
                out,
                "streamdycoke_camera_last_frame_age_seconds",
                h,
                h.lastFrameAgeMillis() < 0 ? -1 : h.lastFrameAgeMillis() / 1000.0));
    counter(out, "streamdycoke_camera_reconnects_total", "Reconnect attempts of live cameras.");
    health.forEach(h -> line(out, "streamdycoke_camera_reconnects_total", h, h.reconnects()));
    return out.toString();
  }

  /** Replaces {@code file} with the exposition text of {@code health}. */
  public static void write(Path file, List<CameraHealth> health) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, render(health), StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void gauge(StringBuilder out, String name, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n");
  }

  private static void counter(StringBuilder out, String name, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" counter\n");
  }

  private static void line(StringBuilder out, String name, CameraHealth h, Number value) {
    out.append(name)
        .append("{camera=\"")
        .append(escape(h.cameraId()))
        .append("\"} ")
        .append(value)
        .append('\n');
  }

  private static String escape(String label) {
    return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
