package dev.streamdycoke.model.checkpoint;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamdycoke.model.tokenizer.ChatPrompt;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tokenizer files of a tiny checkpoint: a byte-level BPE built like GPT-2's and Qwen2's but
 * with no merges, so every UTF-8 byte is one token (ids 0..255, each byte's id being its value)
 * and the five special tokens of {@link StandardConfigs} follow. Any text round-trips, and the
 * vocabulary fits a tiny embedding.
 */
final class TinyTokenizerFiles {
  /** Special tokens in id order, from {@link StandardConfigs#TINY_ENDOFTEXT}. */
  static final Map<Integer, String> SPECIAL_TOKENS = specialTokens();

  private TinyTokenizerFiles() {}

  private static Map<Integer, String> specialTokens() {
    Map<Integer, String> out = new LinkedHashMap<>();
    out.put(StandardConfigs.TINY_ENDOFTEXT, "<|endoftext|>");
    out.put(StandardConfigs.TINY_IM_START, ChatPrompt.IM_START);
    out.put(StandardConfigs.TINY_IM_END, ChatPrompt.IM_END);
    out.put(StandardConfigs.TINY_IMAGE, ChatPrompt.IMAGE);
    out.put(StandardConfigs.TINY_VIDEO, ChatPrompt.VIDEO);
    return out;
  }

  /**
   * GPT-2's {@code bytes_to_unicode}: printable Latin-1 bytes stand for themselves, the rest map
   * to code points from 256 up, so byte-level tokens are printable strings.
   */
  static String[] byteSymbols() {
    String[] out = new String[256];
    int next = 256;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
      out[b] = new String(Character.toChars(printable ? b : next++));
    }
    return out;
  }

  static void writeTokenizerJson(Path file) throws IOException {
    ObjectNode root = JsonFiles.MAPPER.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    SPECIAL_TOKENS.forEach((id, content) -> added.add(addedToken(content).put("id", id)));
    root.putNull("normalizer");
    root.set("pre_tokenizer", byteLevel(false, true, true));
    root.set("post_processor", byteLevel(false, false, false));
    root.set("decoder", byteLevel(false, true, true));
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE");
    model.putNull("dropout");
    model.putNull("unk_token");
    model.put("continuing_subword_prefix", "");
    model.put("end_of_word_suffix", "");
    model.put("fuse_unk", false);
    model.put("byte_fallback", false);
    model.put("ignore_merges", false);
    ObjectNode vocab = model.putObject("vocab");
    String[] symbols = byteSymbols();
    for (int b = 0; b < symbols.length; b++) {
      vocab.put(symbols[b], b);
    }
    model.putArray("merges");
    JsonFiles.write(root, file);
  }

  private static ObjectNode byteLevel(boolean prefixSpace, boolean trimOffsets, boolean regex) {
    ObjectNode out = JsonFiles.MAPPER.createObjectNode();
    out.put("type", "ByteLevel");
    out.put("add_prefix_space", prefixSpace);
    out.put("trim_offsets", trimOffsets);
    out.put("use_regex", regex);
    return out;
  }

  private static ObjectNode addedToken(String content) {
    ObjectNode out = JsonFiles.MAPPER.createObjectNode();
    out.put("content", content);
    out.put("single_word", false);
    out.put("lstrip", false);
    out.put("rstrip", false);
    out.put("normalized", false);
    out.put("special", true);
    return out;
  }

  /** A Qwen2-style {@code tokenizer_config.json}: eos {@code <|im_end|>}, no BOS. */
  static void writeTokenizerConfig(Path file, int modelMaxLength) throws IOException {
    ObjectNode root = JsonFiles.MAPPER.createObjectNode();
    root.put("add_prefix_space", false);
    ObjectNode decoder = root.putObject("added_tokens_decoder");
    SPECIAL_TOKENS.forEach((id, content) -> decoder.set(Integer.toString(id), addedToken(content)));
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
    root.put("pad_token", SPECIAL_TOKENS.get(StandardConfigs.TINY_ENDOFTEXT));
    root.put("processor_class", PreprocessorConfigJson.PROCESSOR_CLASS);
    root.put("split_special_tokens", false);
    root.put("tokenizer_class", "Qwen2Tokenizer");
    root.putNull("unk_token");
    JsonFiles.write(root, file);
  }

  /** The processor's {@code chat_template.json}. */
  static void writeChatTemplate(Path file) throws IOException {
    ObjectNode root = JsonFiles.MAPPER.createObjectNode();
    root.put("chat_template", ChatPrompt.TEMPLATE);
    JsonFiles.write(root, file);
  }
}
