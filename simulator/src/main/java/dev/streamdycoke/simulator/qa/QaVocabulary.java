package dev.streamdycoke.simulator.qa;

import dev.streamdycoke.simulator.scene.ObjectColour;
import dev.streamdycoke.simulator.scene.ObjectKind;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The words of every question and answer, for a word-level tokenizer. */
public final class QaVocabulary {
  private static final List<String> WORDS = build();

  private QaVocabulary() {}

  /**
   * Every token ({@link QaText#tokens}) any template or answer can produce: the answer words first,
   * in {@link AnswerVocabulary}'s order, so their token ids can be contiguous, then the question
   * words in order of first use over the templates rendered with every kind and colour. Derived
   * from the templates and the enums, so a new template or colour is covered.
   */
  public static List<String> words() {
    return WORDS;
  }

  private static List<String> build() {
    Set<String> out = new LinkedHashSet<>(AnswerVocabulary.words());
    for (QuestionTemplate t : QuestionTemplates.all()) {
      for (ObjectKind kind : ObjectKind.values()) {
        for (ObjectColour colour : ObjectColour.values()) {
          out.addAll(QaText.tokens(t.render(kind, colour)));
        }
      }
    }
    return List.copyOf(out);
  }
}
