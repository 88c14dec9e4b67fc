package dev.streamdycoke.model.session;

import java.util.List;
import java.util.Map;

/**
 * What answering a question from a session produced.
 *
 * @param text the generated answer, stop token and special tokens left out
 * @param generatedIds every generated id, the stop token included when one was generated
 * @param attention the attention mass each visual token received while the answer was generated:
 *     for each generating step, the last position's attention averaged over heads and layers, then
 *     averaged over steps (a token pruned at a layer counts zero there)
 * @param visualTokens visual tokens in the context
 * @param tokensAttended visual tokens attended in the pruned layers, averaged over decode steps
 *     (equals {@code visualTokens} without pruning)
 * @param timings where the time went
 * @param stepLogits next-token logits of each step when asked for, else empty
 */
public record SessionAnswer(
    String text,
    int[] generatedIds,
    Map<TokenId, Float> attention,
    int visualTokens,
    double tokensAttended,
    AnswerTimings timings,
    List<float[]> stepLogits) {}
