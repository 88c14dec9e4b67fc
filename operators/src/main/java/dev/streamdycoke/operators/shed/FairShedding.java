package dev.streamdycoke.operators.shed;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Shedding by age that cannot starve a camera. Under sustained overload the job settles where
 * frames reach a stage just about at the age bound; a camera whose frames are always read a little
 * later than the others' (its Kafka partition's fetched chunk comes after another partition's) then
 * has every frame shed while the rest stay fresh, and its answers describe an ever older scene
 * (measured: 5 to 7 s with a 1 s bound, against about 1 s for the others). So a camera that had no
 * frame let through for a whole bound is starving, and one stale frame of it goes through, as long
 * as it is within twice the bound.
 *
 * <p>The extra work is at most one frame per camera per bound: its fair share of a tower that is
 * overloaded anyway. The memory is per subtask and is not state: after a restore every camera
 * counts as starving once, and twice the bound still sheds a replayed backlog. Free of Flink; one
 * instance per operator, used from its mailbox thread only.
 */
public final class FairShedding {
  /** Counter of the stale frames let through because their camera was starving, per stage. */
  public static final String STARVING_METRIC = "framesLetThroughStarving";

  private final FrameShedder shedder;
  private final Map<String, Long> lastLetThrough = new HashMap<>();
  private long nextPrune;

  /** What became of a frame. */
  public enum Verdict {
    /** Within the bound. */
    KEEP,
    /** Past the bound, but its camera is starving: let through. */
    KEEP_STARVING,
    /** Past the bound, and its camera had a frame within it (or the frame is past twice it). */
    SHED
  }

  public FairShedding(FrameShedder shedder) {
    this.shedder = shedder;
  }

  /** Decides on a frame of {@code cameraId} captured at {@code captureTime}, at {@code now}. */
  public Verdict judge(String cameraId, long captureTime, long now) {
    if (!shedder.enabled()) {
      return Verdict.KEEP;
    }
    prune(now);
    long bound = shedder.maxAgeMillis();
    long age = now - captureTime;
    if (age <= bound) {
      lastLetThrough.put(cameraId, now);
      return Verdict.KEEP;
    }
    Long last = lastLetThrough.get(cameraId);
    if (age > 2 * bound || (last != null && now - last < bound)) {
      return Verdict.SHED;
    }
    lastLetThrough.put(cameraId, now);
    return Verdict.KEEP_STARVING;
  }

  /** Once a bound, forgets cameras let through longer ago: to the rule they are starving anyway. */
  private void prune(long now) {
    if (now < nextPrune) {
      return;
    }
    nextPrune = now + shedder.maxAgeMillis();
    for (Iterator<Long> it = lastLetThrough.values().iterator(); it.hasNext(); ) {
      if (now - it.next() >= shedder.maxAgeMillis()) {
        it.remove();
      }
    }
  }

  /** Cameras remembered; bounded by the cameras let through within the last bound. */
  int remembered() {
    return lastLetThrough.size();
  }
}
