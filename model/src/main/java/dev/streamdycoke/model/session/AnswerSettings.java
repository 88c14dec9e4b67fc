package dev.streamdycoke.model.session;

/**
 * How one question is answered: how long the answer may be and how dynamic pruning (DP) restricts
 * attention while decoding (docs/algorithms.md, section 4).
 *
 * @param maxNewTokens most tokens generated, the stop token included
 * @param pruningLayer L: layers below it attend to the whole cache; layers from it on attend to the
 *     selected visual tokens and all text tokens. Selection reads layer L - 1's attention
 * @param pruneRatio P in [0, 1): the share of visual tokens dropped in layers from L on
 * @param activeTokens A: at most this many visual tokens attended in layers from L on
 * @param reuseSimilarity the previous step's selection is reused while the cosine similarity of
 *     consecutive steps' visual attention is at least this (0.9)
 * @param returnLogits also return each step's next-token logits (tests and goldens; costs a
 *     vocabulary-sized copy per step)
 */
public record AnswerSettings(
    int maxNewTokens,
    int pruningLayer,
    double pruneRatio,
    int activeTokens,
    double reuseSimilarity,
    boolean returnLogits)
    implements java.io.Serializable {

  public static final int DEFAULT_MAX_NEW_TOKENS = 32;
  public static final int DEFAULT_PRUNING_LAYER = 3;
  public static final double DEFAULT_PRUNE_RATIO = 0.7;
  public static final int DEFAULT_ACTIVE_TOKENS = 256;
  public static final double DEFAULT_REUSE_SIMILARITY = 0.9;

  public AnswerSettings {
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("maxNewTokens must be at least 1, was " + maxNewTokens);
    }
    if (pruningLayer < 1) {
      throw new IllegalArgumentException("pruningLayer must be at least 1, was " + pruningLayer);
    }
    if (!(pruneRatio >= 0 && pruneRatio < 1)) {
      throw new IllegalArgumentException("pruneRatio must be in [0, 1), was " + pruneRatio);
    }
    if (activeTokens < 1) {
      throw new IllegalArgumentException("activeTokens must be at least 1, was " + activeTokens);
    }
  }

  /** The defaults of docs/algorithms.md section 8: L = 3, P = 0.7, A = 256, 32 new tokens. */
  public static AnswerSettings defaults() {
    return new AnswerSettings(
        DEFAULT_MAX_NEW_TOKENS,
        DEFAULT_PRUNING_LAYER,
        DEFAULT_PRUNE_RATIO,
        DEFAULT_ACTIVE_TOKENS,
        DEFAULT_REUSE_SIMILARITY,
        false);
  }

  /** No pruning at all: every layer attends to every cached token. */
  public static AnswerSettings withoutPruning(int maxNewTokens) {
    return new AnswerSettings(
        maxNewTokens, DEFAULT_PRUNING_LAYER, 0, Integer.MAX_VALUE, DEFAULT_REUSE_SIMILARITY, false);
  }

  public AnswerSettings withMaxNewTokens(int tokens) {
    return new AnswerSettings(
        tokens, pruningLayer, pruneRatio, activeTokens, reuseSimilarity, returnLogits);
  }

  public AnswerSettings withPruning(int layer, double ratio, int active) {
    return new AnswerSettings(maxNewTokens, layer, ratio, active, reuseSimilarity, returnLogits);
  }

  public AnswerSettings withLogits(boolean logits) {
    return new AnswerSettings(
        maxNewTokens, pruningLayer, pruneRatio, activeTokens, reuseSimilarity, logits);
  }

  /** Visual tokens kept in the pruned layers out of {@code visible}: min(A, ceil((1-P) n)). */
  public int keptTokens(int visible) {
    return (int) Math.min(activeTokens, Math.ceil((1 - pruneRatio) * visible));
  }
}
