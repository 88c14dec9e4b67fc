package dev.streamdycoke.model.checkpoint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamdycoke.model.tokenizer.ChatPrompt;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** The parts of a checkpoint's tokenizer files that every tokenizer the project writes shares. */
final class TokenizerConfigJson {
  /** Qwen2's end-of-text token, also its padding token. */
  static final String ENDOFTEXT = "<|endoftext|>";

  private TokenizerConfigJson() {}

  /**
   * An {@code added_tokens} entry for a special token: matched in raw text before normalising and
   * pre-tokenizing, so it stays one token wherever it is written, and dropped by decoding.
   */
  static ObjectNode addedToken(String content) {
    ObjectNode out = JsonFiles.MAPPER.createObjectNode();
    out.put("content", content);
    out.put("single_word", false);
    out.put("lstrip", false);
    out.put("rstrip", false);
    out.put("normalized", false);
    out.put("special", true);
    return out;
  }

  /**
   * A Qwen2-style {@code tokenizer_config.json}: the ChatML template, eos {@code <|im_end|>}, pad
   * {@code <|endoftext|>}, no BOS.
   *
   * @param specialTokens id to content, the ids the tokenizer.json gives them; must hold {@code
   *     <|endoftext|>}
   * @param tokenizerClass the transformers class that loads it
   * @param unkToken the unknown-word token, or null for a tokenizer that has none
   */
  static void write(
      Path file,
      Map<Integer, String> specialTokens,
      String tokenizerClass,
      String unkToken,
      int modelMaxLength)
      throws IOException {
    ObjectNode root = JsonFiles.MAPPER.createObjectNode();
    root.put("add_prefix_space", false);
    ObjectNode decoder = root.putObject("added_tokens_decoder");
    specialTokens.forEach((id, content) -> decoder.set(Integer.toString(id), addedToken(content)));
    root.putArray("additional_special_tokens")
        .add(ChatPrompt.IM_START)
        .add(ChatPrompt.IM_END)
        .add(ChatPrompt.IMAGE)
        .add(ChatPrompt.VIDEO);
    root.putNull("bos_token");
    root.put("chat_template", ChatPrompt.TEMPLATE);
    root.put("clean_up_tokenization_spaces", false);
    root.put("eos_token", ChatPrompt.IM_END);
    root.put("errors", "replace");
    root.put("model_max_length", modelMaxLength);
    root.put("pad_token", ENDOFTEXT);
    root.put("processor_class", PreprocessorConfigJson.PROCESSOR_CLASS);
    root.put("split_special_tokens", false);
    root.put("tokenizer_class", tokenizerClass);
    if (unkToken == null) {
      root.putNull("unk_token");
    } else {
      root.put("unk_token", unkToken);
    }
    JsonFiles.write(root, file);
  }
}
