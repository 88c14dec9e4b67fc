package dev.streamdycoke.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.streamdycoke.model.checkpoint.Checkpoint;
import dev.streamdycoke.model.checkpoint.StandardConfigs;
import dev.streamdycoke.model.checkpoint.TinyCheckpointWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatTokenizerTest {
  @TempDir static Path dir;
  private static ChatTokenizer tokenizer;

  @BeforeAll
  static void load() throws Exception {
    TinyCheckpointWriter.writeTiny(dir);
    try (Checkpoint checkpoint = Checkpoint.open(dir)) {
      tokenizer = ChatTokenizer.open(checkpoint.tokenizerFile());
    }
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  @Test
  void roundTripsArbitraryText() {
    for (String text :
        new String[] {
          "Hello, world!",
          "  leading and trailing  ",
          "line one\nline two\r\n\ttab",
          "Grüße, 日本語, emoji 🎥 and ∑",
          "",
          "<video is not a token>",
          "a\u0000b"
        }) {
      int[] ids = tokenizer.encode(text);
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      assertArrayEquals(
          IntStream.range(0, utf8.length).map(i -> utf8[i] & 0xff).toArray(), ids, text);
      assertEquals(text, tokenizer.decode(ids), text);
    }
  }

  @Test
  void specialTokensInTextMapToTheirIds() {
    assertEquals(StandardConfigs.TINY_ENDOFTEXT, tokenizer.tokenId("<|endoftext|>"));
    assertEquals(StandardConfigs.TINY_IM_START, tokenizer.tokenId("<|im_start|>"));
    assertEquals(StandardConfigs.TINY_IM_END, tokenizer.tokenId("<|im_end|>"));
    assertEquals(StandardConfigs.TINY_IMAGE, tokenizer.tokenId("<image>"));
    assertEquals(StandardConfigs.TINY_VIDEO, tokenizer.tokenId("<video>"));
    int[] ids = tokenizer.encode("a<|im_end|>b<video>");
    assertArrayEquals(
        new int[] {'a', StandardConfigs.TINY_IM_END, 'b', StandardConfigs.TINY_VIDEO}, ids);
    assertEquals("ab", tokenizer.decode(ids));
  }

  @Test
  void promptIdsAreTheRenderedTemplate() {
    ChatPrompt prompt = new ChatPrompt(tokenizer);
    int[] prefix = prompt.prefixIds();
    assertEquals(StandardConfigs.TINY_IM_START, prefix[0]);
    assertArrayEquals("user ".chars().toArray(), Arrays.copyOfRange(prefix, 1, prefix.length));
    assertEquals("user ", tokenizer.decode(prefix));

    String question = "What is the person in red doing?";
    int[] ids = prompt.questionIds(question);
    int[] expected =
        IntStream.concat(
                IntStream.concat(("\n" + question).chars(), IntStream.of(258, 257)),
                "assistant\n".chars())
            .toArray();
    assertArrayEquals(expected, ids);
    assertEquals("\n" + question + "assistant\n", tokenizer.decode(ids));
    assertEquals(
        "\n" + question + "<|im_end|><|im_start|>assistant\n", ChatPrompt.questionText(question));
    assertEquals("<|im_start|>user ", ChatPrompt.prefixText());
  }

  @Test
  void templateCheckAcceptsOnlyTheLlavaOnevisionLayout() {
    assertNull(ChatPrompt.unsupportedReason(ChatPrompt.TEMPLATE));
    assertNotNull(ChatPrompt.unsupportedReason("{{ messages[0]['content'] }}"));
    assertNotNull(
        ChatPrompt.unsupportedReason(ChatPrompt.TEMPLATE.replace("+ ' '}}", "+ '\\n'}}")));
  }
}
