package dev.streamdycoke.model;

import dev.streamdycoke.model.session.PromptCodec;
import dev.streamdycoke.model.tokenizer.ChatPrompt;
import dev.streamdycoke.model.tokenizer.ChatTokenizer;
import java.util.List;

/** A checkpoint's tokenizer and ChatML template, and its stop tokens, as a session needs them. */
public final class CheckpointPromptCodec implements PromptCodec {
  private final ChatTokenizer tokenizer;
  private final ChatPrompt prompt;
  private final int[] prefix;
  private final List<Integer> stops;

  public CheckpointPromptCodec(ChatTokenizer tokenizer, List<Integer> stops) {
    this.tokenizer = tokenizer;
    this.prompt = new ChatPrompt(tokenizer);
    this.prefix = prompt.prefixIds();
    this.stops = List.copyOf(stops);
  }

  @Override
  public int[] prefixIds() {
    return prefix.clone();
  }

  @Override
  public int[] questionIds(String question) {
    return prompt.questionIds(question);
  }

  @Override
  public boolean isStop(int id) {
    return stops.contains(id);
  }

  @Override
  public String decode(int[] ids) {
    return tokenizer.decode(ids);
  }
}
