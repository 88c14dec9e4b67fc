package dev.streamdycoke.simulator.qa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.streamdycoke.model.checkpoint.WordLevelTokenizerFiles;
import dev.streamdycoke.model.tokenizer.ChatPrompt;
import dev.streamdycoke.model.tokenizer.ChatTokenizer;
import dev.streamdycoke.simulator.scene.ObjectColour;
import dev.streamdycoke.simulator.scene.ObjectKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The word list goes into the checkpoint's word-level tokenizer, which cuts every question as
 * {@link QaText} does (no unknown word) and decodes every answer back to itself.
 */
class QaTokenizerTest {
  @TempDir Path dir;

  @Test
  void everyQuestionAndAnswerRoundTripsThroughTheTokenizer() throws Exception {
    Map<String, Integer> ids = WordLevelTokenizerFiles.write(dir, QaVocabulary.words());
    assertEquals(9 + QaVocabulary.words().size(), ids.size());
    try (ChatTokenizer tokenizer = ChatTokenizer.open(dir.resolve("tokenizer.json"))) {
      ChatPrompt prompt = new ChatPrompt(tokenizer);
      for (QuestionTemplate t : QuestionTemplates.all()) {
        for (ObjectKind k : ObjectKind.values()) {
          for (ObjectColour c : ObjectColour.values()) {
            String question = t.render(k, c);
            List<Integer> expected = new ArrayList<>();
            expected.add(WordLevelTokenizerFiles.NEWLINE);
            QaText.tokens(question).forEach(w -> expected.add(ids.get(w)));
            expected.addAll(
                List.of(
                    WordLevelTokenizerFiles.IM_END,
                    WordLevelTokenizerFiles.IM_START,
                    ids.get("assistant"),
                    WordLevelTokenizerFiles.NEWLINE));
            assertArrayEquals(
                expected.stream().mapToInt(Integer::intValue).toArray(),
                prompt.questionIds(question),
                question);
          }
        }
      }
      for (String answer : AnswerVocabulary.words()) {
        assertEquals(
            answer, tokenizer.decode(new int[] {ids.get(answer), WordLevelTokenizerFiles.IM_END}));
        // Answers take the ids right after the template's words, in the vocabulary's order.
        assertEquals(9 + AnswerVocabulary.indexOf(answer), ids.get(answer));
      }
    }
  }
}
