/**
 * A deterministic synthetic street with ground truth, for simulated cameras, training data and
 * evaluation. The world ({@link dev.streamdycoke.job.cameras.scene.SceneSimulator}: objects of
 * a few {@link dev.streamdycoke.job.cameras.scene.ObjectKind kinds} and {@link
 * dev.streamdycoke.job.cameras.scene.ObjectColour colours} entering, moving, stopping, occluding
 * each other and leaving) is separate from its pictures ({@link
 * dev.streamdycoke.job.cameras.scene.SceneRenderer}); each frame's {@link
 * dev.streamdycoke.job.cameras.scene.GroundTruth} lists what is in view and what happened.
 * Everything follows from {@link dev.streamdycoke.job.cameras.scene.SceneConfig}: equal configs,
 * equal frames, byte for byte. {@link dev.streamdycoke.job.cameras.scene.SceneVideo} runs both in
 * step.
 */
package dev.streamdycoke.job.cameras.scene;
