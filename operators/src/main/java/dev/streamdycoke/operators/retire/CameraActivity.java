package dev.streamdycoke.operators.retire;

/**
 * When a camera last sent a frame and when its idle timer fires, as a Flink POJO in keyed state.
 */
public class CameraActivity {
  /** Job clock at the camera's last frame, milliseconds since the epoch. */
  public long lastSeen;

  /**
   * Capture time of the camera's last frame, the camera's clock; 0 in state written before it was
   * kept, which makes the camera judged on processing time alone, as then.
   */
  public long lastCapture;

  /** When the camera's one pending idle timer fires. */
  public long timerAt;

  public CameraActivity() {}
}
