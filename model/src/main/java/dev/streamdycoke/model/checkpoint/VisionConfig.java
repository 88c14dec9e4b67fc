package dev.streamdycoke.model.checkpoint;

/**
 * The SigLIP vision tower's dimensions, as {@code vision_config} of a LLaVA-OneVision {@code
 * config.json} gives them.
 *
 * @param hiddenSize width of the encoder (1152 for SigLIP so400m)
 * @param intermediateSize width of the MLP inside each encoder layer
 * @param numHeads attention heads per encoder layer
 * @param numLayers encoder layers present in the checkpoint
 * @param imageSize side of the square input image in pixels (384)
 * @param patchSize side of a patch in pixels (14); {@code imageSize / patchSize} patches per side
 * @param numChannels input channels (3)
 * @param layerNormEps epsilon of every LayerNorm
 * @param hiddenAct MLP activation ({@code gelu_pytorch_tanh} for SigLIP)
 */
public record VisionConfig(
    int hiddenSize,
    int intermediateSize,
    int numHeads,
    int numLayers,
    int imageSize,
    int patchSize,
    int numChannels,
    double layerNormEps,
    String hiddenAct) {

  /** Patches per side: the convolution's output grid, which drops the pixels past a whole patch. */
  public int patchesPerSide() {
    return imageSize / patchSize;
  }

  /** Patches per image (729 at 384 px and patch 14). */
  public int numPatches() {
    return patchesPerSide() * patchesPerSide();
  }

  public int headDim() {
    return hiddenSize / numHeads;
  }
}
