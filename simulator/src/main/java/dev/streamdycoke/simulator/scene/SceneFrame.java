package dev.streamdycoke.simulator.scene;

import java.util.List;

/**
 * The world at one frame: what the renderer draws and what is true of it.
 *
 * @param frameIndex 0-based frame number
 * @param timeSeconds scene time, {@code frameIndex / fps}
 * @param drawOrder the objects with some part in the frame, back to front (painter's order: farther
 *     objects first, ties by id); later ones occlude earlier ones
 * @param groundTruth the frame's ground truth, consistent with {@code drawOrder}
 */
public record SceneFrame(
    long frameIndex, double timeSeconds, List<SceneObject> drawOrder, GroundTruth groundTruth) {

  public SceneFrame {
    drawOrder = List.copyOf(drawOrder);
  }
}
