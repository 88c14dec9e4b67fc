package dev.streamdycoke.cli.cameras;

/** Where a camera stands, as the fleet's health line and metrics report it. */
public enum CameraState {
  /** Opening its stream: the first connect or a reconnect. */
  CONNECTING,
  /** Delivering frames. */
  UP,
  /** Lost (connect failed, stream ended or went silent); retried with backoff, never dropped. */
  DOWN,
  /** A file or folder played to its end, or a source failed for good (not a live camera). */
  ENDED;

  /** 1 for UP, else 0: the value of the camera's "up" gauge. */
  public int gauge() {
    return this == UP ? 1 : 0;
  }
}
