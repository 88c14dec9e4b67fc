package dev.streamdycoke.training;

import dev.streamdycoke.simulator.qa.QuestionCategory;
import java.util.EnumMap;
import java.util.Map;

/** Exact-match accuracy per question category, and the share of visual tokens answers saw. */
public final class QaScore {
  private final Map<QuestionCategory, int[]> counts = new EnumMap<>(QuestionCategory.class);
  private double retainedSum;
  private int answers;

  public QaScore() {
    for (QuestionCategory c : QuestionCategory.values()) {
      counts.put(c, new int[2]);
    }
  }

  /** Records one answer: whether it matched, and its context over the full context's size. */
  public void add(QuestionCategory category, boolean correct, double retainedRatio) {
    int[] c = counts.get(category);
    c[0] += correct ? 1 : 0;
    c[1]++;
    retainedSum += retainedRatio;
    answers++;
  }

  /** Share answered correctly in {@code category}, NaN when none was asked. */
  public double accuracy(QuestionCategory category) {
    int[] c = counts.get(category);
    return c[1] == 0 ? Double.NaN : (double) c[0] / c[1];
  }

  public int asked(QuestionCategory category) {
    return counts.get(category)[1];
  }

  /** Share of all questions answered correctly. */
  public double overall() {
    int right = 0;
    int total = 0;
    for (int[] c : counts.values()) {
      right += c[0];
      total += c[1];
    }
    return total == 0 ? Double.NaN : (double) right / total;
  }

  /** Mean over answers of the visual tokens attended over all tokens of the frames so far. */
  public double retainedRatio() {
    return answers == 0 ? Double.NaN : retainedSum / answers;
  }

  public int answers() {
    return answers;
  }
}
