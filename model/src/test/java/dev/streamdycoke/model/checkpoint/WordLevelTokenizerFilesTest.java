package dev.streamdycoke.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamdycoke.model.tokenizer.ChatPrompt;
import dev.streamdycoke.model.tokenizer.ChatTokenizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordLevelTokenizerFilesTest {
  /** Answers first, as the QA word list has them; "user" repeats a template word. */
  private static final List<String> WORDS =
      List.of(
          "yes", "no", "0", "2", "red", "car", "how", "many", "cars", "are", "there", "?", "is",
          "a", "user");

  @TempDir static Path dir;
  private static Map<String, Integer> ids;
  private static ChatTokenizer tokenizer;

  @BeforeAll
  static void write() throws Exception {
    ids = WordLevelTokenizerFiles.write(dir, WORDS);
    tokenizer = ChatTokenizer.open(dir.resolve(Checkpoint.TOKENIZER));
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  @Test
  void idsAreSpecialsUnknownTemplateWordsThenTheWordsInOrder() {
    List<String> expected =
        Stream.concat(
                Stream.of(
                    "<|endoftext|>",
                    "<|im_start|>",
                    "<|im_end|>",
                    "<image>",
                    "<video>",
                    "[UNK]",
                    "\n",
                    "user",
                    "assistant"),
                WORDS.stream().filter(w -> !w.equals("user")))
            .toList();
    assertEquals(expected, List.copyOf(ids.keySet()));
    assertEquals(IntStream.range(0, expected.size()).boxed().toList(), List.copyOf(ids.values()));
    assertEquals(WordLevelTokenizerFiles.NEWLINE, ids.get("\n"));
  }

  @Test
  void specialTokensAreSingleTokensWithTheirIds() {
    assertEquals(WordLevelTokenizerFiles.ENDOFTEXT, tokenizer.tokenId("<|endoftext|>"));
    assertEquals(WordLevelTokenizerFiles.IM_START, tokenizer.tokenId(ChatPrompt.IM_START));
    assertEquals(WordLevelTokenizerFiles.IM_END, tokenizer.tokenId(ChatPrompt.IM_END));
    assertEquals(WordLevelTokenizerFiles.IMAGE, tokenizer.tokenId(ChatPrompt.IMAGE));
    assertEquals(WordLevelTokenizerFiles.VIDEO, tokenizer.tokenId(ChatPrompt.VIDEO));
    assertArrayEquals(
        new int[] {id("car"), WordLevelTokenizerFiles.IM_END, id("red")},
        tokenizer.encode("car<|im_end|>red"));
  }

  @Test
  void chatPromptEncodesToTheTemplateAndQuestionWords() {
    ChatPrompt prompt = new ChatPrompt(tokenizer);
    assertArrayEquals(new int[] {1, 7}, prompt.prefixIds());
    int[] question = prompt.questionIds("how many cars are there?");
    assertArrayEquals(
        new int[] {
          6, id("how"), id("many"), id("cars"), id("are"), id("there"), id("?"), 2, 1, 8, 6
        },
        question);
    // The generation prompt and the template's rendering of an answer turn read alike.
    assertArrayEquals(
        tokenizer.encode("<|im_start|>assistant\n"), tokenizer.encode("<|im_start|>assistant \n"));
  }

  @Test
  void textIsLowerCasedAndPunctuationSplitOff() {
    assertArrayEquals(tokenizer.encode("is there a car ?"), tokenizer.encode("Is there a  car?"));
    assertArrayEquals(
        new int[] {id("is"), id("there"), id("a"), id("car"), id("?")},
        tokenizer.encode("is there a car?"));
    assertArrayEquals(
        new int[] {id("is"), WordLevelTokenizerFiles.UNK, id("?")},
        tokenizer.encode("is tuesday?"));
  }

  @Test
  void generatedIdsDecodeToTheAnswer() {
    assertEquals("red", tokenizer.decode(new int[] {id("red"), WordLevelTokenizerFiles.IM_END}));
    assertEquals(
        "2",
        tokenizer.decode(
            new int[] {
              id("2"), WordLevelTokenizerFiles.IM_END, WordLevelTokenizerFiles.ENDOFTEXT
            }));
    assertEquals("yes", tokenizer.decode(new int[] {id("yes")}));
    assertEquals("red car", tokenizer.decode(new int[] {id("red"), id("car")}));
  }

  @Test
  void theCheckpointFindsTheChatTemplateAndTheConfigNamesTheTokens() {
    assertEquals(ChatPrompt.TEMPLATE, ChatTemplateFiles.read(dir).template());
    JsonNode config = JsonFiles.readObject(dir.resolve(ChatTemplateFiles.TOKENIZER_CONFIG));
    assertEquals("[UNK]", config.get("unk_token").asText());
    assertEquals("<|im_end|>", config.get("eos_token").asText());
    assertEquals("<video>", config.get("added_tokens_decoder").get("4").get("content").asText());
  }

  @Test
  void refusesWordsTheTokenizerCouldNeverProduce() {
    for (String bad : new String[] {"Car", "two words", "car?", "", "<|im_end|>", "café"}) {
      assertThrows(
          IllegalArgumentException.class,
          () -> WordLevelTokenizerFiles.vocabulary(List.of(bad)),
          bad);
    }
  }

  private static int id(String word) {
    return ids.get(word);
  }
}
