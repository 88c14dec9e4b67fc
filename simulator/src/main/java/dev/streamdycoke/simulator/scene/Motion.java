package dev.streamdycoke.simulator.scene;

/** Whether an object moved during the last time step. */
public enum Motion {
  MOVING,
  /** Halted on its own or queued behind a halted vehicle. */
  STOPPED
}
