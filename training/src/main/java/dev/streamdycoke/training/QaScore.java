package dev.streamdycoke.training;

import dev.streamdycoke.simulator.qa.QuestionCategory;
import java.util.EnumMap;
import java.util.Map;

/**
 * Exact-match accuracy per question category, the share of visual tokens answers saw, and what the
 * stream cost: frames the vision tower encoded and tokens TTM kept, over all frames seen.
 */
public final class QaScore {
  private final Map<QuestionCategory, int[]> counts = new EnumMap<>(QuestionCategory.class);
  private double retainedSum;
  private int answers;
  private long framesSeen;
  private long framesEncoded;
  private long tokensSeen;
  private long tokensKept;

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

  /**
   * Records one frame of {@code tokensPerFrame} tokens: encoded with {@code kept} tokens through
   * TTM, or skipped by the change gate ({@code encoded} false, {@code kept} 0).
   */
  public void addFrame(boolean encoded, int tokensPerFrame, int kept) {
    framesSeen++;
    framesEncoded += encoded ? 1 : 0;
    tokensSeen += tokensPerFrame;
    tokensKept += kept;
  }

  /** Share of frames seen that the change gate kept from the vision tower, NaN before any. */
  public double towerPassesSaved() {
    return framesSeen == 0 ? Double.NaN : (double) (framesSeen - framesEncoded) / framesSeen;
  }

  /**
   * Tokens sent on to the cache over all tokens of the frames seen (skipped frames count with all
   * of theirs), NaN before any: what TTM and the gate together kept.
   */
  public double tokensKeptRatio() {
    return tokensSeen == 0 ? Double.NaN : (double) tokensKept / tokensSeen;
  }

  public long framesSeen() {
    return framesSeen;
  }

  public long framesEncoded() {
    return framesEncoded;
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
