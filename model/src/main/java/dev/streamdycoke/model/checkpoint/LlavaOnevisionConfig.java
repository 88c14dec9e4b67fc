package dev.streamdycoke.model.checkpoint;

import java.util.List;

/**
 * A LLaVA-OneVision checkpoint's {@code config.json}: the vision tower, the projector and the
 * language model, plus the token ids the runtime needs.
 *
 * @param vision the SigLIP vision tower
 * @param text the Qwen2 language model
 * @param visionFeatureLayers hidden-state indices whose outputs feed the projector (negative counts
 *     from the end, as in Python; {@code hidden_states[0]} is the embeddings' output); several are
 *     concatenated along the feature axis
 * @param visionFeatureSelectStrategy {@code full} or {@code default} (the latter drops a CLS token,
 *     which SigLIP has none of)
 * @param projectorHiddenAct the projector's activation ({@code gelu})
 * @param videoTokenIndex id of the {@code <video>} placeholder token
 * @param imageTokenIndex id of the {@code <image>} placeholder token
 * @param eosTokenIds ids that stop generation
 */
public record LlavaOnevisionConfig(
    VisionConfig vision,
    TextConfig text,
    List<Integer> visionFeatureLayers,
    String visionFeatureSelectStrategy,
    String projectorHiddenAct,
    int videoTokenIndex,
    int imageTokenIndex,
    List<Integer> eosTokenIds) {

  /** Width of the projector's input: the vision width times the number of selected layers. */
  public int projectorInputSize() {
    return vision.hiddenSize() * visionFeatureLayers.size();
  }

  /** This configuration with another language model, e.g. to test a width or a weight layout. */
  public LlavaOnevisionConfig withText(TextConfig otherText) {
    return new LlavaOnevisionConfig(
        vision,
        otherText,
        visionFeatureLayers,
        visionFeatureSelectStrategy,
        projectorHiddenAct,
        videoTokenIndex,
        imageTokenIndex,
        eosTokenIds);
  }
}
