package dev.streamdycoke.model.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * The token ids of one user turn about a video, exactly as the LLaVA-OneVision chat template
 * renders it for {@code [{"role": "user", "content": [{"type": "video"}, {"type": "text", "text":
 * question}]}]} with {@code add_generation_prompt=True}:
 *
 * <pre>
 * &lt;|im_start|&gt;user &lt;video&gt;\n{question}&lt;|im_end|&gt;&lt;|im_start|&gt;assistant\n
 * </pre>
 *
 * <p>The {@code <video>} placeholder is where the runtime splices visual tokens in, so the prompt
 * comes in two parts: {@link #prefixIds()} before the features ({@code "<|im_start|>user "}) and
 * {@link #questionIds(String)} after them ({@code "\n" + question +
 * "<|im_end|><|im_start|>assistant\n"}). The template reproduced is {@link #TEMPLATE}, the one in
 * the llava-hf {@code llava-onevision-qwen2-*-ov-hf} checkpoints' {@code chat_template.json}; a
 * checkpoint whose template lacks any of {@link #REQUIRED_MARKERS} renders differently and is
 * refused by {@link #unsupportedReason(String)}.
 */
public final class ChatPrompt {
  /**
   * The Jinja source of the llava-hf LLaVA-OneVision chat template (the string in the checkpoints'
   * {@code chat_template.json}; {@code \n} inside Jinja string literals is a backslash and an n,
   * which Jinja reads as a newline).
   */
  public static final String TEMPLATE =
      "{% for message in messages %}{{'<|im_start|>' + message['role'] + ' '}}"
          + "{# Render all images first #}"
          + "{% for content in message['content'] | selectattr('type', 'equalto', 'image') %}"
          + "{{ '<image>' }}{% endfor %}"
          + "{# Render all video then #}"
          + "{% for content in message['content'] | selectattr('type', 'equalto', 'video') %}"
          + "{{ '<video>' }}{% endfor %}"
          + "{# Render all text next #}"
          + "{% if message['role'] != 'assistant' %}"
          + "{% for content in message['content'] | selectattr('type', 'equalto', 'text') %}"
          + "{{ '\\n' + content['text'] }}{% endfor %}"
          + "{% else %}"
          + "{% for content in message['content'] | selectattr('type', 'equalto', 'text') %}"
          + "{% generation %}{{ '\\n' + content['text'] }}{% endgeneration %}{% endfor %}"
          + "{% endif %}"
          + "{{'<|im_end|>'}}"
          + "{% endfor %}"
          + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

  public static final String IM_START = "<|im_start|>";
  public static final String IM_END = "<|im_end|>";
  public static final String VIDEO = "<video>";
  public static final String IMAGE = "<image>";

  /** What the rendered prompt holds before the video's features. */
  public static final String PREFIX = IM_START + "user ";

  /** What follows the question: the end of the user turn and the generation prompt. */
  public static final String SUFFIX = IM_END + IM_START + "assistant\n";

  /**
   * Pieces of Jinja source that make the template render {@link #PREFIX}, the placeholder, the
   * newline before the question and {@link #SUFFIX}; a template missing one renders otherwise.
   */
  public static final List<String> REQUIRED_MARKERS =
      List.of(
          "'<|im_start|>' + message['role'] + ' '",
          "'<video>'",
          "'\\n' + content['text']",
          "{{'<|im_end|>'}}",
          "'<|im_start|>assistant\\n'");

  private final ChatTokenizer tokenizer;
  private final int[] prefixIds;

  public ChatPrompt(ChatTokenizer tokenizer) {
    this.tokenizer = tokenizer;
    this.prefixIds = tokenizer.encode(PREFIX);
  }

  /**
   * Why {@code template} cannot be used with this class, or null when it can: not ChatML at all, or
   * ChatML that renders a video turn differently from {@link #TEMPLATE}.
   */
  public static String unsupportedReason(String template) {
    if (!template.contains(IM_START) || !template.contains(IM_END)) {
      return "not a ChatML chat template (no " + IM_START + " / " + IM_END + "); unsupported";
    }
    List<String> missing = new ArrayList<>();
    for (String marker : REQUIRED_MARKERS) {
      if (!template.contains(marker)) {
        missing.add(marker);
      }
    }
    if (!missing.isEmpty()) {
      return "ChatML template renders a video turn differently from the llava-onevision one"
          + " (missing "
          + String.join(", ", missing)
          + "); unsupported";
    }
    return null;
  }

  /** The text before the video's features: {@code "<|im_start|>user "}. */
  public static String prefixText() {
    return PREFIX;
  }

  /**
   * The text after the video's features: {@code "\n" + question +
   * "<|im_end|><|im_start|>assistant\n"}.
   */
  public static String questionText(String question) {
    return "\n" + question + SUFFIX;
  }

  /** Token ids of {@link #prefixText()}. */
  public int[] prefixIds() {
    return prefixIds.clone();
  }

  /** Token ids of {@link #questionText(String)}. */
  public int[] questionIds(String question) {
    return tokenizer.encode(questionText(question));
  }
}
