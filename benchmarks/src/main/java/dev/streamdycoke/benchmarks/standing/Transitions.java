package dev.streamdycoke.benchmarks.standing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where an answer changes, and how many emitted changes match true ones. An alert is only useful if
 * it fires when the truth changes and stays quiet otherwise, so both sides are compared as
 * transitions (frame, new answer), not as per-frame answers.
 */
final class Transitions {
  private Transitions() {}

  /** The answer became {@code to} at {@code frame}. */
  record Transition(int frame, String to) {}

  /** Matched transitions out of the emitted and the true ones. */
  record Match(int matched, int emitted, int truth) {
    Match plus(Match o) {
      return new Match(matched + o.matched, emitted + o.emitted, truth + o.truth);
    }

    double precision() {
      return emitted == 0 ? Double.NaN : (double) matched / emitted;
    }

    double recall() {
      return truth == 0 ? Double.NaN : (double) matched / truth;
    }
  }

  /**
   * The changes of a per-frame truth; a null entry is a frame whose truth is ambiguous (only a
   * partly visible object matches), which neither starts nor ends a state. The first defined value
   * is the initial state, not a change.
   */
  static List<Transition> of(List<String> perFrame) {
    List<Transition> out = new ArrayList<>();
    String state = null;
    for (int f = 0; f < perFrame.size(); f++) {
      String v = perFrame.get(f);
      if (v == null) {
        continue;
      }
      if (state != null && !state.equals(v)) {
        out.add(new Transition(f, v));
      }
      state = v;
    }
    return out;
  }

  /**
   * Matches each emitted transition, in frame order, to the earliest unmatched true transition to
   * the same answer whose frame is at most {@code early} frames after and {@code late} frames
   * before it; each true transition matches at most once.
   */
  static Match match(List<Transition> truth, List<Transition> emitted, int early, int late) {
    boolean[] used = new boolean[truth.size()];
    int matched = 0;
    for (Transition e : emitted) {
      for (int i = 0; i < truth.size(); i++) {
        Transition t = truth.get(i);
        int delay = e.frame() - t.frame();
        if (!used[i] && Objects.equals(t.to(), e.to()) && delay >= -early && delay <= late) {
          used[i] = true;
          matched++;
          break;
        }
      }
    }
    return new Match(matched, emitted.size(), truth.size());
  }
}
