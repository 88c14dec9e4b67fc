package dev.streamdycoke.model.vision;

import dev.streamdycoke.model.checkpoint.LlavaOnevisionConfig;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic images, feature vectors and config variants shared by the vision tests. */
final class TestImages {
  private TestImages() {}

  static RgbImage random(int width, int height, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] rgb = new byte[3 * width * height];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) random.nextInt(256);
    }
    return new RgbImage(width, height, rgb);
  }

  static float[] randomFloats(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) random.nextDouble(-1, 1);
    }
    return out;
  }

  static LlavaOnevisionConfig withFeatureLayers(LlavaOnevisionConfig c, List<Integer> layers) {
    return new LlavaOnevisionConfig(
        c.vision(),
        c.text(),
        layers,
        c.visionFeatureSelectStrategy(),
        c.projectorHiddenAct(),
        c.videoTokenIndex(),
        c.imageTokenIndex(),
        c.eosTokenIds());
  }
}
