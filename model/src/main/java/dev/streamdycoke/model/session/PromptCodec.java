package dev.streamdycoke.model.session;

/**
 * The text side of a session: the token ids of the chat template around the video and the question,
 * the ids that end an answer, and how ids become text. A checkpoint's tokenizer and chat template
 * provide it.
 */
public interface PromptCodec {

  /** Ids of the template before the video's tokens (the start of the user's turn). */
  int[] prefixIds();

  /**
   * Ids after the video's tokens: the question and the template up to and including the assistant's
   * generation prompt.
   */
  int[] questionIds(String question);

  /** Whether generating this id ends the answer. */
  boolean isStop(int id);

  /** Text of generated ids, special tokens left out. */
  String decode(int[] ids);
}
