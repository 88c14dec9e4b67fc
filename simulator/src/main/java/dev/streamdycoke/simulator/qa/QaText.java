package dev.streamdycoke.simulator.qa;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How question text is written and cut into words, the same way the word-level tokenizer of the
 * trained checkpoint cuts it ({@code WordLevelTokenizerFiles} in the model module uses {@link
 * #TOKEN_REGEX} as its pre-tokenizer and lower-cases first).
 *
 * <p>Questions are lower-case ASCII words separated by single spaces and end in a {@code ?}
 * attached to the last word, as people type them: {@code "how many cars are there?"}. Cutting makes
 * every punctuation mark its own token, so the {@code ?} is a token and {@code "there?"} and {@code
 * "there ?"} read the same; whitespace separates and is dropped, except a newline, which is a token
 * (the chat template puts one before the question and after {@code assistant}). Numbers are digits.
 */
public final class QaText {
  /** A newline, a run of word characters, or one other non-space character. */
  public static final String TOKEN_REGEX = "\\n|\\w+|[^\\w\\s]";

  private static final Pattern TOKEN = Pattern.compile(TOKEN_REGEX);

  private QaText() {}

  /** The tokens of {@code text} after lower-casing, in order. */
  public static List<String> tokens(String text) {
    Matcher m = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /**
   * Whether {@code text} is written as questions are: lower case, words separated by single spaces,
   * no leading or trailing space, ending in {@code ?}.
   */
  public static boolean isNormal(String text) {
    return text.matches("[a-z0-9]+( [a-z0-9]+)*\\?");
  }
}
