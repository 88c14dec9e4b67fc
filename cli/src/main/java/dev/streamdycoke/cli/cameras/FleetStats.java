package dev.streamdycoke.cli.cameras;

/**
 * Counters of a camera fleet since it started.
 *
 * @param cameras cameras in the fleet
 * @param camerasActive cameras whose source has not ended (or failed)
 * @param framesCaptured frames taken from the sources and handed to the sink
 * @param framesSent frames the sink confirmed (for Kafka: acknowledged by the brokers)
 * @param bytesSent Avro bytes of the confirmed frames
 * @param sendErrors frames the sink failed to store
 * @param framesSkipped ticks without a capture: the camera was still busy with its previous frame,
 *     or the pacer had fallen more than a period behind
 * @param sourceErrors sources that failed to open or to read (each ends its camera; a live camera
 *     reconnects instead and is not counted here)
 * @param ticksWithoutNewFrame ticks of live cameras that had no new frame since their last tick (a
 *     camera slower than the fleet's rate, or down): nothing is published rather than a repeat
 */
public record FleetStats(
    int cameras,
    int camerasActive,
    long framesCaptured,
    long framesSent,
    long bytesSent,
    long sendErrors,
    long framesSkipped,
    long sourceErrors,
    long ticksWithoutNewFrame) {}
