package dev.streamdycoke.operators.cache;

import java.util.Map;
import java.util.Set;

/**
 * What changed in a cache's index since the changes were last taken, per state of the frame-record
 * layout ({@link IndexLayout}), each map keyed by frame seq: the header; the records of frames
 * inserted since ({@link CachedFrame}); for older frames, which of their tokens are still cached (a
 * bit set by rank), their supports ({@link PackedInts}, support minus one by rank) and their scores
 * ({@link FrameScores}), each only when it changed; and the frames none of whose tokens is cached
 * any more, whose record and side values are to be deleted. Evicted tokens' rows are the tokens
 * {@link TokenCache#insert} returns.
 *
 * @param whole every cached frame is in {@code frames}: the index came from an older layout (or its
 *     records were rebuilt), so whatever state held for the camera is to be cleared first
 */
public record IndexChanges(
    CacheHeader header,
    boolean whole,
    Map<Long, CachedFrame> frames,
    Map<Long, byte[]> present,
    Map<Long, byte[]> support,
    Map<Long, FrameScores> scores,
    Set<Long> removed) {

  /** Whether nothing but the header is to be written. */
  public boolean onlyHeader() {
    return !whole
        && frames.isEmpty()
        && present.isEmpty()
        && support.isEmpty()
        && scores.isEmpty()
        && removed.isEmpty();
  }
}
