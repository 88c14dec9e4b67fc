package dev.streamdycoke.simulator.scene;

/**
 * The state of one object at one instant, as the simulator hands it to the renderer.
 *
 * <p>Positions are in pixels of the configured frame and may lie outside it (objects wait just
 * beyond an edge before they enter, and are dropped once they have left).
 *
 * @param id unique within a scene, increasing in order of creation
 * @param kind what the object is
 * @param colour its body colour
 * @param x horizontal centre
 * @param y bottom (the feet or the wheels' contact line): objects stand on this line, and a larger
 *     y means nearer the camera
 * @param width full width
 * @param height full height
 * @param vx horizontal velocity, pixels per second (positive: to the right)
 * @param vy vertical velocity, pixels per second (positive: down)
 * @param enteredFrom the edge it came in by
 * @param heading the edge it is travelling towards (kept while stopped)
 * @param motion whether it moved in the last step
 */
public record SceneObject(
    int id,
    ObjectKind kind,
    ObjectColour colour,
    double x,
    double y,
    double width,
    double height,
    double vx,
    double vy,
    Side enteredFrom,
    Side heading,
    Motion motion) {

  /** The pixel box the object's shape is drawn in (not clipped to the frame). */
  public BoundingBox box() {
    return new BoundingBox(
        (int) Math.floor(x - width / 2),
        (int) Math.floor(y - height),
        (int) Math.ceil(x + width / 2),
        (int) Math.ceil(y));
  }

  /** Whether its shape faces left (heading left); vehicles are drawn mirrored then. */
  public boolean facesLeft() {
    return heading == Side.LEFT;
  }
}
