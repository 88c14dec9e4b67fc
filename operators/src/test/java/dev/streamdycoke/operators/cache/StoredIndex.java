package dev.streamdycoke.operators.cache;

import java.util.HashMap;
import java.util.Map;

/**
 * A camera's cache index in the frame-record layout held in maps, changed only by applying {@link
 * IndexChanges} as the answer operator applies them to keyed state: what a restore would read.
 */
public final class StoredIndex {
  private CacheHeader header;
  private final Map<Long, CachedFrame> frames = new HashMap<>();
  private final Map<Long, byte[]> present = new HashMap<>();
  private final Map<Long, byte[]> support = new HashMap<>();
  private final Map<Long, FrameScores> scores = new HashMap<>();

  public void apply(IndexChanges changes) {
    if (changes.whole()) {
      frames.clear();
      present.clear();
      support.clear();
      scores.clear();
    }
    header = changes.header();
    frames.putAll(changes.frames());
    present.putAll(changes.present());
    support.putAll(changes.support());
    scores.putAll(changes.scores());
    for (Long frame : changes.removed()) {
      frames.remove(frame);
      present.remove(frame);
      support.remove(frame);
      scores.remove(frame);
    }
  }

  /** The index as read back from the maps. */
  public TokenCacheState read() {
    return IndexLayout.read(
        header, frames.entrySet(), present.entrySet(), support.entrySet(), scores.entrySet());
  }

  /** Frame records held. */
  public int frames() {
    return frames.size();
  }
}
