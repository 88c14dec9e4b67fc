package dev.streamdycoke.simulator.scene;

/**
 * Something that happened in one frame, for "memory" questions (what arrived first, did a truck
 * ever appear, which way did the red car leave).
 *
 * @param type what happened
 * @param frameIndex the frame it is first visible in (0-based)
 * @param timeSeconds that frame's scene time, {@code frameIndex / fps}
 * @param objectId the object's id
 * @param kind the object's kind
 * @param colour the object's colour
 * @param side ENTERED: the edge it came in by; LEFT: the edge it went out by; null for STOPPED and
 *     RESUMED
 */
public record SceneEvent(
    EventType type,
    long frameIndex,
    double timeSeconds,
    int objectId,
    ObjectKind kind,
    ObjectColour colour,
    Side side) {}
