package dev.streamdycoke.simulator.scene;

/**
 * One object that is (at least partly) inside the frame, as the ground truth reports it.
 *
 * @param id the object's id, stable across frames
 * @param kind what it is
 * @param colour its body colour
 * @param box its box clipped to the frame: never empty, always inside the frame
 * @param visibleFraction share of its full (unclipped) box that is inside the frame and not covered
 *     by the box of an object drawn in front of it, in [0, 1]; 0 means fully occluded. Measured on
 *     boxes, not on the drawn shapes, so it is a property of the world alone
 * @param motion whether it moved in the last step
 * @param enteredFrom the edge it came in by
 * @param heading the edge it is travelling towards
 */
public record VisibleObject(
    int id,
    ObjectKind kind,
    ObjectColour colour,
    BoundingBox box,
    double visibleFraction,
    Motion motion,
    Side enteredFrom,
    Side heading) {}
