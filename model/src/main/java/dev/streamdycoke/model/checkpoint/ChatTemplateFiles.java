package dev.streamdycoke.model.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamdycoke.model.tokenizer.ChatPrompt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds a checkpoint's chat template and checks that {@link ChatPrompt} renders it. The processor's
 * template ({@code chat_template.json}, then {@code chat_template.jinja}) comes before {@code
 * tokenizer_config.json}'s: the llava-hf checkpoints keep the video-aware template in the former
 * and a text-only Qwen2 one in the latter.
 */
final class ChatTemplateFiles {
  static final String CHAT_TEMPLATE_JSON = "chat_template.json";
  static final String CHAT_TEMPLATE_JINJA = "chat_template.jinja";
  static final String TOKENIZER_CONFIG = "tokenizer_config.json";

  /** A template and the file it came from. */
  record Found(Path file, String template) {}

  private ChatTemplateFiles() {}

  /**
   * The checkpoint's chat template.
   *
   * @throws CheckpointException naming the file when there is none, it is unreadable, or it is not
   *     the ChatML template {@link ChatPrompt} reproduces
   */
  static Found read(Path dir) {
    Found found = find(dir);
    String reason = ChatPrompt.unsupportedReason(found.template());
    if (reason != null) {
      throw new CheckpointException(found.file(), null, reason);
    }
    return found;
  }

  private static Found find(Path dir) {
    Path json = dir.resolve(CHAT_TEMPLATE_JSON);
    if (Files.isRegularFile(json)) {
      return new Found(json, templateField(json));
    }
    Path jinja = dir.resolve(CHAT_TEMPLATE_JINJA);
    if (Files.isRegularFile(jinja)) {
      try {
        return new Found(jinja, Files.readString(jinja));
      } catch (IOException e) {
        throw new CheckpointException(jinja, null, "cannot read: " + e.getMessage(), e);
      }
    }
    Path tokenizerConfig = dir.resolve(TOKENIZER_CONFIG);
    if (Files.isRegularFile(tokenizerConfig)
        && JsonFiles.readObject(tokenizerConfig).has("chat_template")) {
      return new Found(tokenizerConfig, templateField(tokenizerConfig));
    }
    throw new CheckpointException(
        json,
        null,
        "no chat template: none in this file, " + CHAT_TEMPLATE_JINJA + " or " + TOKENIZER_CONFIG);
  }

  private static String templateField(Path file) {
    JsonNode template = JsonFiles.readObject(file).get("chat_template");
    if (template == null || !template.isTextual()) {
      throw new CheckpointException(
          file, null, "field chat_template is missing or not a single template string");
    }
    return template.asText();
  }
}
