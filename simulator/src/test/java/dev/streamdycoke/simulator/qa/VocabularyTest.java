package dev.streamdycoke.simulator.qa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.simulator.scene.ObjectColour;
import dev.streamdycoke.simulator.scene.ObjectKind;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyTest {

  @Test
  void answerWordsAreFixedAndOrdered() {
    List<String> words = AnswerVocabulary.words();
    assertEquals(
        List.of(
            "yes", "no", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "red", "green", "blue",
            "yellow", "white", "black", "person", "car", "truck", "bike", "left", "right", "top",
            "bottom"),
        words);
    assertEquals(words.size(), new HashSet<>(words).size());
    for (int i = 0; i < words.size(); i++) {
      assertEquals(i, AnswerVocabulary.indexOf(words.get(i)));
    }
    assertEquals(-1, AnswerVocabulary.indexOf("maybe"));
  }

  @Test
  void everyTemplateAnswersFromTheVocabulary() {
    for (QuestionTemplate t : QuestionTemplates.all()) {
      assertTrue(AnswerVocabulary.words().containsAll(t.answers()), t.id());
      assertTrue(QaVocabulary.words().containsAll(t.answers()), t.id());
    }
  }

  @Test
  void everyRenderedQuestionIsNormalAndCoveredByTheWordList() {
    List<String> words = QaVocabulary.words();
    assertEquals(AnswerVocabulary.words(), words.subList(0, AnswerVocabulary.words().size()));
    assertEquals(words.size(), new HashSet<>(words).size());
    for (QuestionTemplate t : QuestionTemplates.all()) {
      for (ObjectKind k : ObjectKind.values()) {
        for (ObjectColour c : ObjectColour.values()) {
          String q = t.render(k, c);
          assertTrue(QaText.isNormal(q), q);
          assertTrue(words.containsAll(QaText.tokens(q)), q);
        }
      }
    }
    assertTrue(words.contains("?") && words.contains("people") && words.contains("five"));
  }

  @Test
  void textIsCutIntoWordsAndPunctuation() {
    assertEquals(List.of("is", "there", "a", "car", "?"), QaText.tokens("Is there a  car?"));
    assertEquals(List.of("is", "there", "a", "car", "?"), QaText.tokens("is there a car ?"));
    assertEquals(List.of("\n", "how", "many", "\n"), QaText.tokens("\nhow  many\t\n"));
  }

  @Test
  void templateIdsAreUniqueAndSlotsAreFilled() {
    List<QuestionTemplate> all = QuestionTemplates.all();
    assertEquals(15, all.size());
    assertEquals(all.size(), all.stream().map(QuestionTemplate::id).distinct().count());
    for (QuestionCategory c : QuestionCategory.values()) {
      assertEquals(5, QuestionTemplates.of(c).size(), c.name());
    }
    assertEquals(
        "how many people are there?",
        QuestionTemplates.byId("now_count_kind").render(ObjectKind.PERSON, null));
  }
}
