package dev.streamdycoke.simulator.qa;

import dev.streamdycoke.simulator.qa.QuestionTemplate.Posed;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Asks questions about a camera at its history's latest frame, with answers computed from the
 * {@link SceneHistory} alone.
 *
 * <p>Deterministic: a generator built with the same seed and asked in the same order about the same
 * histories asks the same questions. Answers are kept balanced per template: a yes/no template aims
 * at yes and no with equal chance (choosing what to ask about accordingly) and no answer may take
 * much more than half of a template's questions (see {@link AnswerBalancer}), so a constant answer
 * scores about half or less.
 *
 * <p>Not thread-safe: one generator per benchmark or data set.
 */
public final class QuestionGenerator {
  /** Largest share of a template's questions one answer may take. */
  public static final double MAX_ANSWER_SHARE = 0.5;

  private final Random random;
  private final AnswerBalancer balancer;

  public QuestionGenerator(long seed) {
    this(seed, new AnswerBalancer(MAX_ANSWER_SHARE, 1));
  }

  /** With another balancer: tests of answers alone use one that admits everything. */
  QuestionGenerator(long seed, AnswerBalancer balancer) {
    // java.util.Random's first draws barely differ between nearby seeds (seeds 0, 1, 2, ...
    // give the same first nextBoolean); SplittableRandom mixes the seed well.
    this.random = new Random(new SplittableRandom(seed).nextLong());
    this.balancer = balancer;
  }

  /**
   * A question from any template, trying them in random order until one has something to ask; empty
   * when none has (or the history is empty).
   */
  public Optional<QaExample> ask(SceneHistory history) {
    return askAny(history, QuestionTemplates.all());
  }

  /** A question from a template of {@code category}, as {@link #ask(SceneHistory)}. */
  public Optional<QaExample> ask(SceneHistory history, QuestionCategory category) {
    return askAny(history, QuestionTemplates.of(category));
  }

  /**
   * A question from {@code template}, or empty when it has nothing fair to ask at this frame or the
   * answer it drew already has its share.
   */
  public Optional<QaExample> ask(SceneHistory history, QuestionTemplate template) {
    if (history.isEmpty()) {
      return Optional.empty();
    }
    Optional<Posed> posed = template.pose(history, random);
    if (posed.isEmpty() || !balancer.admit(template.id(), posed.get().answer())) {
      return Optional.empty();
    }
    Posed p = posed.get();
    return Optional.of(
        new QaExample(
            template.category(),
            template.id(),
            template.render(p.kind(), p.colour()),
            p.answer(),
            history.frameIndex()));
  }

  private Optional<QaExample> askAny(SceneHistory history, List<QuestionTemplate> templates) {
    List<QuestionTemplate> order = new ArrayList<>(templates);
    Collections.shuffle(order, random);
    for (QuestionTemplate t : order) {
      Optional<QaExample> q = ask(history, t);
      if (q.isPresent()) {
        return q;
      }
    }
    return Optional.empty();
  }
}
