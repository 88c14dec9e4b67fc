/**
 * The change gate: a per-camera pixel-level test that lets a frame skip the vision tower when it
 * shows what the camera's last encoded frame showed. Free of Flink; the encode operator keeps
 * {@link dev.streamdycoke.operators.gate.GateState} as keyed state.
 */
package dev.streamdycoke.operators.gate;
