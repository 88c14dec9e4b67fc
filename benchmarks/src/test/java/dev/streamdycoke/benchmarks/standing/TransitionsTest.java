package dev.streamdycoke.benchmarks.standing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamdycoke.benchmarks.standing.Transitions.Match;
import dev.streamdycoke.benchmarks.standing.Transitions.Transition;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransitionsTest {

  @Test
  void truthChangesSkipTheInitialStateAndAmbiguousFrames() {
    List<String> truth = Arrays.asList(null, "no", "no", null, "yes", null, "yes", "no");

    assertThat(Transitions.of(truth))
        .containsExactly(new Transition(4, "yes"), new Transition(7, "no"));
  }

  @Test
  void anEventOneFrameEarlyOrLateIsRightTwoFramesLateIsNot() {
    List<Transition> truth = List.of(new Transition(5, "yes"), new Transition(10, "no"));
    List<Transition> emitted =
        List.of(new Transition(4, "yes"), new Transition(12, "no"), new Transition(14, "yes"));

    Match m = Transitions.match(truth, emitted, 1, 1);

    assertThat(m).isEqualTo(new Match(1, 3, 2));
    assertThat(m.precision()).isEqualTo(1.0 / 3);
    assertThat(m.recall()).isEqualTo(0.5);
  }

  @Test
  void theHoldWidensTheLateWindow() {
    List<Transition> truth = List.of(new Transition(10, "no"));

    assertThat(Transitions.match(truth, List.of(new Transition(12, "no")), 1, 2).matched())
        .isEqualTo(1);
  }

  @Test
  void aTrueChangeMatchesOnceAndOnlyTheSameAnswer() {
    List<Transition> truth = List.of(new Transition(3, "yes"));
    List<Transition> emitted =
        List.of(new Transition(3, "no"), new Transition(3, "yes"), new Transition(4, "yes"));

    assertThat(Transitions.match(truth, emitted, 1, 1)).isEqualTo(new Match(1, 3, 1));
  }

  @Test
  void nothingToCompareIsNotANumberNotZero() {
    Match m = Transitions.match(List.of(), List.of(), 1, 1);

    assertThat(m.precision()).isNaN();
    assertThat(m.recall()).isNaN();
  }
}
