package dev.streamdycoke.simulator.qa;

import java.util.HashMap;
import java.util.Map;

/**
 * Keeps any one answer from making up much more than half of a template's questions.
 *
 * <p>Choosing yes or no with equal chance is not enough on its own: late in a stream every kind has
 * appeared, so "has a truck appeared?" can only be "yes", and a model answering "yes" always would
 * look good. The balancer turns down a question whose answer already has its share, so such a
 * template is asked again only when its other answer is possible. The questions asked are then not
 * taken at uniformly random moments, which is the price of a meaningful score.
 */
final class AnswerBalancer {
  private final double maxShare;
  private final int slack;
  private final Map<String, Map<String, Integer>> counts = new HashMap<>();

  /** A balancer that admits every question. */
  static AnswerBalancer none() {
    return new AnswerBalancer(1, Integer.MAX_VALUE / 2);
  }

  /**
   * @param maxShare the largest share of a template's questions one answer may take
   * @param slack how many questions past that share one answer may run ahead, so the first
   *     questions of each template are not held up
   */
  AnswerBalancer(double maxShare, int slack) {
    this.maxShare = maxShare;
    this.slack = slack;
  }

  /** Whether to ask a question of {@code templateId} answered {@code answer}; counts it if so. */
  boolean admit(String templateId, String answer) {
    Map<String, Integer> perAnswer = counts.computeIfAbsent(templateId, id -> new HashMap<>());
    int total = perAnswer.values().stream().mapToInt(Integer::intValue).sum();
    int mine = perAnswer.getOrDefault(answer, 0);
    if (mine + 1 > maxShare * (total + 1) + slack) {
      return false;
    }
    perAnswer.merge(answer, 1, Integer::sum);
    return true;
  }
}
