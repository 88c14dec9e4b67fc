/**
 * The vision side of LLaVA-OneVision for video frames, ported from Hugging Face transformers
 * ({@code LlavaOnevisionModel.get_video_features}, {@code apply_pooling}, {@code
 * SiglipVisionModel}, {@code LlavaOnevisionMultiModalProjector}): RGB frames become 196 visual
 * tokens each in the language model's embedding space. {@link
 * dev.streamdycoke.model.vision.FrameEncoder} is the entry point.
 */
package dev.streamdycoke.model.vision;
