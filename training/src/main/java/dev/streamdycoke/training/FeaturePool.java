package dev.streamdycoke.training;

import dev.streamdycoke.model.vision.FrameEncoder;
import dev.streamdycoke.simulator.scene.GroundTruth;
import java.util.ArrayList;
import java.util.List;

/**
 * Visual tokens of many training scenes, computed once by a frozen vision tower, with each frame's
 * ground truth: the language model then trains on clips cut from them without running the tower
 * again (caching vision features), which makes a language-model step a few milliseconds for a
 * single frame.
 */
final class FeaturePool {
  /** One scene: per frame, its tokens flattened ({@code [tokens * dim]}) and its ground truth. */
  record Scene(long seed, List<float[]> tokens, List<GroundTruth> truths) {}

  private final List<Scene> scenes = new ArrayList<>();

  FeaturePool(ClipSampler sampler, FrameEncoder encoder, int count, int frames) {
    for (int i = 0; i < count; i++) {
      Clip clip = sampler.next(frames);
      float[][][] encoded = encoder.encode(clip.frames());
      List<float[]> flat = new ArrayList<>();
      for (float[][] frame : encoded) {
        int dim = frame[0].length;
        float[] f = new float[frame.length * dim];
        for (int t = 0; t < frame.length; t++) {
          System.arraycopy(frame[t], 0, f, t * dim, dim);
        }
        flat.add(f);
      }
      scenes.add(new Scene(clip.seed(), flat, clip.truths()));
    }
  }

  int size() {
    return scenes.size();
  }

  Scene get(int i) {
    return scenes.get(i);
  }
}
