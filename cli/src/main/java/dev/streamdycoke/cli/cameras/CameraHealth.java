package dev.streamdycoke.cli.cameras;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One camera's health at one moment.
 *
 * @param cameraId the camera
 * @param state connection state
 * @param framesPublished frames the fleet took from this camera and handed to the sink
 * @param lastFrameAgeMillis how long ago the camera last delivered a new frame, or -1 if never
 * @param reconnects how many times a live camera reopened its stream (0 for other sources)
 */
public record CameraHealth(
    String cameraId,
    CameraState state,
    long framesPublished,
    long lastFrameAgeMillis,
    long reconnects) {

  /** Compact form for the periodic stats line, e.g. {@code cam-01 UP 120f age=0.3s rc=1}. */
  @Override
  public String toString() {
    String age =
        lastFrameAgeMillis < 0
            ? "-"
            : String.format(Locale.ROOT, "%.1fs", lastFrameAgeMillis / 1000.0);
    return cameraId + " " + state + " " + framesPublished + "f age=" + age + " rc=" + reconnects;
  }

  /**
   * One line for a fleet: counts per state, then every camera if there are few, else only those not
   * UP (a thousand-camera fleet must still fit a log line).
   */
  public static String summary(List<CameraHealth> health) {
    Map<CameraState, Integer> counts = new EnumMap<>(CameraState.class);
    health.forEach(h -> counts.merge(h.state(), 1, Integer::sum));
    StringBuilder out = new StringBuilder("health:");
    counts.forEach((state, n) -> out.append(' ').append(n).append(' ').append(state));
    List<CameraHealth> shown =
        health.size() <= 16
            ? health
            : health.stream().filter(h -> h.state() != CameraState.UP).toList();
    if (!shown.isEmpty()) {
      out.append(" [");
      for (int i = 0; i < shown.size(); i++) {
        out.append(i == 0 ? "" : "; ").append(shown.get(i));
      }
      out.append(']');
    }
    return out.toString();
  }
}
