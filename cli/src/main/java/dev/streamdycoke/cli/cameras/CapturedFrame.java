package dev.streamdycoke.cli.cameras;

import dev.streamdycoke.model.vision.RgbImage;
import java.time.Instant;
import java.util.Map;

/**
 * One frame as a camera captured it, before encoding.
 *
 * @param image the pixels
 * @param seq per-source sequence number: 0 for the first frame, then strictly increasing (also
 *     across the restarts of a looping source)
 * @param captureTime when the source produced it (its clock's instant)
 * @param attributes small producer metadata worth carrying in {@code Frame.attributes} (what the
 *     source is, which file or scene frame); never null
 */
public record CapturedFrame(
    RgbImage image, long seq, Instant captureTime, Map<String, String> attributes) {

  public CapturedFrame {
    attributes = Map.copyOf(attributes);
  }
}
