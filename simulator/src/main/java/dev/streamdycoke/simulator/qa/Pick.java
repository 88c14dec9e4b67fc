package dev.streamdycoke.simulator.qa;

import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Random choices of what to ask about, made so that answers come out balanced. */
final class Pick {
  /** A subject and whether the answer about it is yes. */
  record Choice<T>(T subject, boolean yes) {}

  private Pick() {}

  /**
   * Aims at a yes answer or a no answer with equal chance, then picks uniformly among the subjects
   * with that answer; empty when there is none. Choosing the answer first, rather than the subject,
   * keeps a question whose "yes" subjects are few (one car among four kinds) from being asked
   * mostly about absent things.
   */
  static <T> Optional<Choice<T>> balanced(Random random, List<T> yes, List<T> no) {
    boolean wantYes = random.nextBoolean();
    return any(random, wantYes ? yes : no).map(s -> new Choice<>(s, wantYes));
  }

  /** One of {@code options} uniformly; empty when there is none. */
  static <T> Optional<T> any(Random random, List<T> options) {
    return options.isEmpty()
        ? Optional.empty()
        : Optional.of(options.get(random.nextInt(options.size())));
  }
}
