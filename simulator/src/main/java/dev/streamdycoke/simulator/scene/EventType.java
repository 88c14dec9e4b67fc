package dev.streamdycoke.simulator.scene;

/** What happened to an object in a frame. */
public enum EventType {
  /** First frame in which any part of the object is inside the frame. */
  ENTERED,
  /** First frame in which no part of it is inside any more; it is gone for good. */
  LEFT,
  /** It was moving in the previous frame and is not now. */
  STOPPED,
  /** It was stopped in the previous frame and moves now. */
  RESUMED
}
