/**
 * A deterministic synthetic street with ground truth, for simulated cameras, training data and
 * evaluation. The world ({@link dev.streamdycoke.simulator.scene.SceneSimulator}: objects of a few
 * {@link dev.streamdycoke.simulator.scene.ObjectKind kinds} and {@link
 * dev.streamdycoke.simulator.scene.ObjectColour colours} entering, moving, stopping, occluding each
 * other and leaving) is separate from its pictures ({@link
 * dev.streamdycoke.simulator.scene.SceneRenderer}); each frame's {@link
 * dev.streamdycoke.simulator.scene.GroundTruth} lists what is in view and what happened. Everything
 * follows from {@link dev.streamdycoke.simulator.scene.SceneConfig}: equal configs, equal frames,
 * byte for byte. {@link dev.streamdycoke.simulator.scene.SceneVideo} runs both in step.
 */
package dev.streamdycoke.simulator.scene;
