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
 * with no merges, so every UTF-8 byte is one token (ids 0..255, each byte's id being its value) and
 * the five special tokens of {@link StandardConfigs} follow. Any text round-trips, and the
 * vocabulary fits a tiny embedding.
 */
final class TinyTokenizerFiles {
  /** Special tokens in id order, from {@link StandardConfigs#TINY_ENDOFTEXT}. */
  static final Map<Integer, String> SPECIAL_TOKENS = specialTokens();

  private TinyTokenizerFiles() {}

  private static Map<Integer, String> specialTokens() {
    Map<Integer, String> out = new LinkedHashMap<>();
    out.put(StandardConfigs.TINY_ENDOFTEXT, TokenizerConfigJson.ENDOFTEXT);
    out.put(StandardConfigs.TINY_IM_START, ChatPrompt.IM_START);
    out.put(StandardConfigs.TINY_IM_END, ChatPrompt.IM_END);
    out.put(StandardConfigs.TINY_IMAGE, ChatPrompt.IMAGE);
    out.put(StandardConfigs.TINY_VIDEO, ChatPrompt.VIDEO);
    return out;
  }

  /**
   * GPT-2's {@code bytes_to_unicode}: printable Latin-1 bytes stand for themselves, the rest map to
   * code points from 256 up, so byte-level tokens are printable strings.
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
    SPECIAL_TOKENS.forEach(
        (id, content) -> added.add(TokenizerConfigJson.addedToken(content).put("id", id)));
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

  /** A Qwen2-style {@code tokenizer_config.json}: eos {@code <|im_end|>}, no BOS. */
  static void writeTokenizerConfig(Path file, int modelMaxLength) throws IOException {
    TokenizerConfigJson.write(file, SPECIAL_TOKENS, "Qwen2Tokenizer", null, modelMaxLength);
  }

  /** The processor's {@code chat_template.json}. */
  static void writeChatTemplate(Path file) throws IOException {
    ObjectNode root = JsonFiles.MAPPER.createObjectNode();
    root.put("chat_template", ChatPrompt.TEMPLATE);
    JsonFiles.write(root, file);
  }
}
