package dev.streamdycoke.model.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint's {@code tokenizer.json} as the model sees text: no BOS or EOS is added (the chat
 * template places every special token itself), special tokens written in text map to their ids, and
 * decoding drops special tokens.
 */
public final class ChatTokenizer implements AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;

  private ChatTokenizer(HuggingFaceTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  /**
   * Loads {@code tokenizerJson}, offline.
   *
   * @throws IOException when the file is missing or not a tokenizer the Rust library accepts
   */
  public static ChatTokenizer open(Path tokenizerJson) throws IOException {
    HuggingFaceTokenizer tokenizer =
        HuggingFaceTokenizer.builder()
            .optTokenizerPath(tokenizerJson)
            .optAddSpecialTokens(false)
            // Prompts hold thousands of visual tokens' worth of context; never cut text.
            .optTruncation(false)
            .optPadding(false)
            .build();
    return new ChatTokenizer(tokenizer);
  }

  /** The token ids of {@code text}. */
  public int[] encode(String text) {
    Encoding encoding = tokenizer.encode(text, false, false);
    long[] ids = encoding.getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = Math.toIntExact(ids[i]);
    }
    return out;
  }

  /** The text of {@code ids}, special tokens left out. */
  public String decode(int[] ids) {
    long[] wide = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      wide[i] = ids[i];
    }
    return tokenizer.decode(wide, true);
  }

  /**
   * The id of a token that {@code text} encodes to alone, such as {@code <|im_end|>}.
   *
   * @throws IllegalArgumentException when {@code text} is not exactly one token
   */
  public int tokenId(String text) {
    int[] ids = encode(text);
    if (ids.length != 1) {
      throw new IllegalArgumentException(
          "'" + text + "' is " + ids.length + " tokens, not a single token");
    }
    return ids[0];
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
