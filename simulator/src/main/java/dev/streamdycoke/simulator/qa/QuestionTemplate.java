package dev.streamdycoke.simulator.qa;

import dev.streamdycoke.simulator.scene.ObjectColour;
import dev.streamdycoke.simulator.scene.ObjectKind;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * One kind of question: its text with slots, the answers it can have, and how it picks what to ask
 * about and computes the answer from a {@link SceneHistory}.
 *
 * <p>Slots in {@link #pattern()}: {@code {kind}} ("car"), {@code {kinds}} (its plural, "cars",
 * "people") and {@code {colour}} ("red").
 */
public final class QuestionTemplate {

  /** Picks a subject for the question at the history's latest frame and answers it, or not. */
  @FunctionalInterface
  interface Poser {
    /**
     * The subject and answer, or empty when the template has nothing fair to ask now (no subject
     * gives an unambiguous answer, or the answer class drawn for balance is impossible).
     */
    Optional<Posed> pose(SceneHistory history, Random random);
  }

  /** A posed question: its slot values (null where the template has no such slot), its answer. */
  record Posed(ObjectKind kind, ObjectColour colour, String answer) {
    static Posed answer(String answer) {
      return new Posed(null, null, answer);
    }
  }

  private final String id;
  private final QuestionCategory category;
  private final String pattern;
  private final List<String> answers;
  private final Poser poser;

  QuestionTemplate(
      String id, QuestionCategory category, String pattern, List<String> answers, Poser poser) {
    this.id = id;
    this.category = category;
    this.pattern = pattern;
    this.answers = List.copyOf(answers);
    this.poser = poser;
  }

  /** Stable identifier, such as {@code now_count_kind}, for scoring per template. */
  public String id() {
    return id;
  }

  public QuestionCategory category() {
    return category;
  }

  /** The question text with its slots, such as {@code "how many {kinds} are there?"}. */
  public String pattern() {
    return pattern;
  }

  /** Every answer the template can give, a subset of {@link AnswerVocabulary#words()}. */
  public List<String> answers() {
    return answers;
  }

  /** Whether the text names a kind. */
  public boolean hasKindSlot() {
    return pattern.contains("{kind}") || pattern.contains("{kinds}");
  }

  /** Whether the text names a colour. */
  public boolean hasColourSlot() {
    return pattern.contains("{colour}");
  }

  /**
   * The question text for these slot values; values for slots the template lacks are ignored.
   *
   * @throws IllegalArgumentException when a slot the template has gets null
   */
  public String render(ObjectKind kind, ObjectColour colour) {
    String text = pattern;
    if (hasKindSlot()) {
      if (kind == null) {
        throw new IllegalArgumentException(id + " needs a kind");
      }
      text = text.replace("{kinds}", plural(kind)).replace("{kind}", kind.label());
    }
    if (hasColourSlot()) {
      if (colour == null) {
        throw new IllegalArgumentException(id + " needs a colour");
      }
      text = text.replace("{colour}", colour.label());
    }
    return text;
  }

  Optional<Posed> pose(SceneHistory history, Random random) {
    return poser.pose(history, random);
  }

  /** The plural used in count questions: "people", otherwise the label and an s. */
  static String plural(ObjectKind kind) {
    return kind == ObjectKind.PERSON ? "people" : kind.label() + "s";
  }

  @Override
  public String toString() {
    return id;
  }
}
