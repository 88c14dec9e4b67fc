package dev.streamdycoke.simulator.qa;

import dev.streamdycoke.simulator.scene.ObjectColour;
import dev.streamdycoke.simulator.scene.ObjectKind;
import dev.streamdycoke.simulator.scene.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The fixed, ordered set of answer words. Every answer is exactly one of them, so scoring is an
 * exact string match and a model may restrict its first generated token to these.
 *
 * <p>Order: {@code yes}, {@code no}, the counts {@code 0} to {@value #MAX_COUNT} as digits, the
 * colour labels, the kind labels, the side labels (each group in its enum's order). Counts are
 * digits rather than words because a digit is one unambiguous token in any tokenizer; a count above
 * {@value #MAX_COUNT} is never asked for.
 */
public final class AnswerVocabulary {
  public static final String YES = "yes";
  public static final String NO = "no";

  /** The largest count a question may have as its answer. */
  public static final int MAX_COUNT = 9;

  private static final List<String> YES_NO = List.of(YES, NO);
  private static final List<String> COUNTS = counts();
  private static final List<String> COLOURS = labels(ObjectColour.values(), ObjectColour::label);
  private static final List<String> KINDS = labels(ObjectKind.values(), ObjectKind::label);
  private static final List<String> SIDES = labels(Side.values(), Side::label);
  private static final List<String> WORDS = concat(YES_NO, COUNTS, COLOURS, KINDS, SIDES);
  private static final Map<String, Integer> INDEX =
      WORDS.stream().collect(Collectors.toMap(Function.identity(), WORDS::indexOf));

  private AnswerVocabulary() {}

  /** Every answer word, in the fixed order. */
  public static List<String> words() {
    return WORDS;
  }

  /** Whether {@code word} is an answer word. */
  public static boolean contains(String word) {
    return INDEX.containsKey(word);
  }

  /** Position of {@code word} in {@link #words()}, or -1. */
  public static int indexOf(String word) {
    return INDEX.getOrDefault(word, -1);
  }

  /** {@code yes} or {@code no}. */
  public static String yesNo(boolean value) {
    return value ? YES : NO;
  }

  /**
   * The answer word of a count.
   *
   * @throws IllegalArgumentException outside 0..{@value #MAX_COUNT}
   */
  public static String count(long n) {
    if (n < 0 || n > MAX_COUNT) {
      throw new IllegalArgumentException("count out of 0.." + MAX_COUNT + ": " + n);
    }
    return COUNTS.get((int) n);
  }

  /** The two answers of a yes/no question. */
  static List<String> yesNoAnswers() {
    return YES_NO;
  }

  static List<String> countAnswers() {
    return COUNTS;
  }

  static List<String> colourAnswers() {
    return COLOURS;
  }

  static List<String> kindAnswers() {
    return KINDS;
  }

  static List<String> sideAnswers() {
    return SIDES;
  }

  private static List<String> counts() {
    List<String> out = new ArrayList<>();
    for (int n = 0; n <= MAX_COUNT; n++) {
      out.add(Integer.toString(n));
    }
    return List.copyOf(out);
  }

  private static <T> List<String> labels(T[] values, Function<T, String> label) {
    List<String> out = new ArrayList<>();
    for (T v : values) {
      out.add(label.apply(v));
    }
    return List.copyOf(out);
  }

  @SafeVarargs
  private static List<String> concat(List<String>... groups) {
    List<String> out = new ArrayList<>();
    for (List<String> g : groups) {
      out.addAll(g);
    }
    return List.copyOf(out);
  }
}
