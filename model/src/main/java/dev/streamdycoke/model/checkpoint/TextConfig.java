package dev.streamdycoke.model.checkpoint;

/**
 * The Qwen2 language model's dimensions, as {@code text_config} of a LLaVA-OneVision {@code
 * config.json} gives them.
 *
 * @param hiddenSize model width (896 for 0.5B, 3584 for 7B)
 * @param intermediateSize SwiGLU MLP width
 * @param numHeads query heads
 * @param numKvHeads key/value heads (grouped-query attention)
 * @param numLayers decoder layers
 * @param vocabSize rows of the embedding and of the output head
 * @param rmsNormEps epsilon of every RMSNorm
 * @param ropeTheta RoPE base frequency
 * @param maxPositions longest position the model was trained on
 * @param tieWordEmbeddings whether the output head reuses the embedding matrix
 */
public record TextConfig(
    int hiddenSize,
    int intermediateSize,
    int numHeads,
    int numKvHeads,
    int numLayers,
    int vocabSize,
    double rmsNormEps,
    double ropeTheta,
    int maxPositions,
    boolean tieWordEmbeddings) {

  public int headDim() {
    return hiddenSize / numHeads;
  }
}
