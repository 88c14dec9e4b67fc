package dev.streamdycoke.benchmarks.qa;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the encode stage of the churn benchmark did about idle cameras, camera by camera, for the
 * benchmark to hold against what the fleet really did: the REST counter says how many cameras were
 * retired, not which ones or when, so it cannot tell a camera retired while still sending from one
 * that really left. The operator records here (its MiniCluster runs in the benchmark's JVM).
 */
final class RetirementLog {
  /** Camera to wall-clock millis of its (latest) retirement. */
  private final Map<String, Long> retiredAt = new ConcurrentHashMap<>();

  /** Cameras a frame of which reached the encode stage after the camera had been retired. */
  private final Set<String> framesAfterRetirement = ConcurrentHashMap.newKeySet();

  private final LongAdder retirements = new LongAdder();
  private final LongAdder deferrals = new LongAdder();
  private final Set<String> deferred = ConcurrentHashMap.newKeySet();

  void retired(String camera, long atMillis) {
    retirements.increment();
    retiredAt.put(camera, atMillis);
  }

  /** A timer that found the camera idle for the timeout but the subtask not moved on. */
  void deferred(String camera) {
    deferrals.increment();
    deferred.add(camera);
  }

  /** A frame of {@code camera} reached the encode stage. */
  void frame(String camera) {
    if (retiredAt.containsKey(camera)) {
      framesAfterRetirement.add(camera);
    }
  }

  long retirements() {
    return retirements.sum();
  }

  long deferrals() {
    return deferrals.sum();
  }

  /** Cameras deferred at least once. */
  Set<String> deferredCameras() {
    return Set.copyOf(deferred);
  }

  Map<String, Long> retiredAt() {
    return Map.copyOf(retiredAt);
  }

  Set<String> framesAfterRetirement() {
    return Set.copyOf(framesAfterRetirement);
  }
}
