package dev.streamdycoke.model.checkpoint;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamdycoke.model.tokenizer.ChatPrompt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The tokenizer files of a checkpoint trained on a closed word list, such as the synthetic street's
 * questions and answers: a Hugging Face {@code tokenizer.json} with a {@code WordLevel} model, so
 * each word is one token and a small embedding covers the language.
 *
 * <p>Ids, fixed so a checkpoint's {@code config.json} can name them: {@value #ENDOFTEXT} {@code
 * <|endoftext|>}, {@value #IM_START} {@code <|im_start|>}, {@value #IM_END} {@code <|im_end|>},
 * {@value #IMAGE} {@code <image>}, {@value #VIDEO} {@code <video>} (the five as special added
 * tokens: one token wherever they are written, left out by decoding), {@value #UNK} {@code [UNK]}
 * for any other word, then the chat template's own words {@code "\n"}, {@code user}, {@code
 * assistant} ({@value #NEWLINE} to 8), then the caller's words in their order.
 *
 * <p>How text is cut: lower-cased, then split by {@link #PRE_TOKENIZER_REGEX} into newlines, runs
 * of word characters and single punctuation marks; spaces and other whitespace separate and are
 * dropped. So {@code "Is there a car?"} is {@code is there a car ?}, and the ChatML prompt {@code
 * <|im_start|>user <video>\nhow many cars are there?<|im_end|><|im_start|>assistant\n} tokenizes
 * the same however its spaces fall (the template writes {@code "assistant "} before a rendered
 * answer and {@code "assistant\n"} in the generation prompt; both come out as {@code assistant
 * \n}). Decoding joins words with single spaces and drops the special tokens, so an answer
 * generated as {@code [id(red), <|im_end|>]} decodes to {@code "red"}.
 */
public final class WordLevelTokenizerFiles {
  public static final int ENDOFTEXT = 0;
  public static final int IM_START = 1;
  public static final int IM_END = 2;
  public static final int IMAGE = 3;
  public static final int VIDEO = 4;
  public static final int UNK = 5;

  /** Id of the newline token; {@code user} and {@code assistant} follow it. */
  public static final int NEWLINE = 6;

  public static final String UNK_TOKEN = "[UNK]";

  /** The chat template's words, after {@link #UNK}: a newline and the two role names. */
  public static final List<String> TEMPLATE_WORDS = List.of("\n", "user", "assistant");

  /** Ids that end an answer, for the config's {@code eos_token_id}: {@code <|im_end|>} first. */
  public static final List<Integer> STOP_IDS = List.of(IM_END, ENDOFTEXT);

  /**
   * The pre-tokenizer's pattern (a Split that keeps its matches): a newline, a run of word
   * characters, or one other non-space character.
   */
  public static final String PRE_TOKENIZER_REGEX = "\\n|\\w+|[^\\w\\s]";

  /** {@code model_max_length} of {@link #write(Path, List)}: Qwen2's context. */
  public static final int DEFAULT_MODEL_MAX_LENGTH = 32768;

  /** Special tokens by id. */
  static final Map<Integer, String> SPECIAL_TOKENS =
      Map.of(
          ENDOFTEXT, TokenizerConfigJson.ENDOFTEXT,
          IM_START, ChatPrompt.IM_START,
          IM_END, ChatPrompt.IM_END,
          IMAGE, ChatPrompt.IMAGE,
          VIDEO, ChatPrompt.VIDEO);

  /** One pre-token that lower-casing leaves alone: what a vocabulary entry can be. */
  private static final Pattern WORD = Pattern.compile("\\n|[a-z0-9_]+|[^\\w\\s]");

  private WordLevelTokenizerFiles() {}

  /**
   * The full vocabulary for {@code words}, in id order: the special tokens, {@code [UNK]}, the
   * template's words, then each of {@code words} not already in it.
   *
   * @throws IllegalArgumentException when a word would not come out of the pre-tokenizer whole
   *     (holds a space, is upper case, mixes letters and punctuation, is not ASCII) or is a special
   *     token
   */
  public static Map<String, Integer> vocabulary(List<String> words) {
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (int id = 0; id < SPECIAL_TOKENS.size(); id++) {
      ids.put(SPECIAL_TOKENS.get(id), id);
    }
    ids.put(UNK_TOKEN, UNK);
    for (String w : TEMPLATE_WORDS) {
      ids.put(w, ids.size());
    }
    for (String w : words) {
      if (!WORD.matcher(w).matches() || !w.equals(w.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "not a single lower-case word or punctuation mark, "
                + "the tokenizer could never produce it: '"
                + w
                + "'");
      }
      ids.putIfAbsent(w, ids.size());
    }
    return Collections.unmodifiableMap(ids);
  }

  /**
   * Writes {@code tokenizer.json}, {@code tokenizer_config.json} and {@code chat_template.json} to
   * {@code dir} (created if needed), with {@code model_max_length} {@value
   * #DEFAULT_MODEL_MAX_LENGTH}.
   *
   * @return the vocabulary, as {@link #vocabulary(List)}: its size is the least {@code vocab_size}
   *     the language model needs
   * @throws IllegalArgumentException as {@link #vocabulary(List)}
   * @throws UncheckedIOException when a file cannot be written
   */
  public static Map<String, Integer> write(Path dir, List<String> words) {
    return write(dir, words, DEFAULT_MODEL_MAX_LENGTH);
  }

  /** As {@link #write(Path, List)}, with the given {@code model_max_length}. */
  public static Map<String, Integer> write(Path dir, List<String> words, int modelMaxLength) {
    Map<String, Integer> ids = vocabulary(words);
    try {
      Files.createDirectories(dir);
      JsonFiles.write(tokenizerJson(ids), dir.resolve(Checkpoint.TOKENIZER));
      TokenizerConfigJson.write(
          dir.resolve(ChatTemplateFiles.TOKENIZER_CONFIG),
          new TreeMap<>(SPECIAL_TOKENS),
          "PreTrainedTokenizerFast",
          UNK_TOKEN,
          modelMaxLength);
      TinyTokenizerFiles.writeChatTemplate(dir.resolve(ChatTemplateFiles.CHAT_TEMPLATE_JSON));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write tokenizer files to " + dir, e);
    }
    return ids;
  }

  private static ObjectNode tokenizerJson(Map<String, Integer> ids) {
    ObjectNode root = JsonFiles.MAPPER.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    for (int id = 0; id < SPECIAL_TOKENS.size(); id++) {
      added.add(TokenizerConfigJson.addedToken(SPECIAL_TOKENS.get(id)).put("id", id));
    }
    root.putObject("normalizer").put("type", "Lowercase");
    ObjectNode split = root.putObject("pre_tokenizer");
    split.put("type", "Split");
    split.putObject("pattern").put("Regex", PRE_TOKENIZER_REGEX);
    // Inverted: the pattern's matches are the pieces and what lies between them (spaces) is
    // removed. Whitespace and WhitespaceSplit would drop the template's newlines too.
    split.put("behavior", "Removed");
    split.put("invert", true);
    root.putNull("post_processor");
    // No decoder: the library then joins tokens with single spaces, what words need.
    root.putNull("decoder");
    ObjectNode model = root.putObject("model");
    model.put("type", "WordLevel");
    ObjectNode vocab = model.putObject("vocab");
    ids.forEach(vocab::put);
    model.put("unk_token", UNK_TOKEN);
    return root;
  }
}
