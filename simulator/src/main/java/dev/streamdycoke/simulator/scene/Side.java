package dev.streamdycoke.simulator.scene;

/** An edge of the frame: where an object entered or left, or the way it is heading. */
public enum Side {
  LEFT,
  RIGHT,
  TOP,
  BOTTOM;

  /** Lower-case name for captions and questions. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
