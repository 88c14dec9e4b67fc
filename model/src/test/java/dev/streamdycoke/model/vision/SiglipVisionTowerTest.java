package dev.streamdycoke.model.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.streamdycoke.model.checkpoint.LlavaOnevisionConfig;
import dev.streamdycoke.model.checkpoint.RandomWeightSource;
import dev.streamdycoke.model.checkpoint.StandardConfigs;
import dev.streamdycoke.model.checkpoint.TensorLayout;
import dev.streamdycoke.model.checkpoint.VisionConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class SiglipVisionTowerTest {
  private static final LlavaOnevisionConfig TINY = StandardConfigs.tiny();

  @Test
  void patchEmbeddingEqualsANaiveStridedConvolutionThatDropsTrailingPixels() {
    VisionConfig v = TINY.vision();
    int batch = 2;
    int size = v.imageSize();
    int h = v.hiddenSize();
    int c = v.numChannels();
    int p = v.patchSize();
    int g = v.patchesPerSide();
    RandomWeightSource weights = new RandomWeightSource(TINY, 5);
    float[] pixels = TestImages.randomFloats(batch * c * size * size, 6);
    try (NDManager manager = NDManager.newBaseManager();
        SiglipVisionTower tower = new SiglipVisionTower(TINY, weights, manager, DataType.FLOAT32)) {
      String e = TensorLayout.VISION + "embeddings.";
      float[] kernel =
          weights
              .load(e + "patch_embedding.weight", new Shape(h, c, p, p), manager, DataType.FLOAT32)
              .toFloatArray();
      float[] bias =
          weights
              .load(e + "patch_embedding.bias", new Shape(h), manager, DataType.FLOAT32)
              .toFloatArray();
      float[] pos =
          weights
              .load(e + "position_embedding.weight", new Shape(g * g, h), manager, DataType.FLOAT32)
              .toFloatArray();
      float[] actual;
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        actual =
            tower.embed(manager.create(pixels, new Shape(batch, c, size, size))).toFloatArray();
      }
      for (int b = 0; b < batch; b++) {
        for (int gy = 0; gy < g; gy++) {
          for (int gx = 0; gx < g; gx++) {
            for (int o = 0; o < h; o++) {
              double sum = bias[o];
              for (int ch = 0; ch < c; ch++) {
                for (int ky = 0; ky < p; ky++) {
                  for (int kx = 0; kx < p; kx++) {
                    int y = gy * p + ky;
                    int x = gx * p + kx;
                    sum +=
                        kernel[((o * c + ch) * p + ky) * p + kx]
                            * pixels[((b * c + ch) * size + y) * size + x];
                  }
                }
              }
              int patch = gy * g + gx;
              sum += pos[patch * h + o];
              assertEquals(sum, actual[(b * g * g + patch) * h + o], 1e-5);
            }
          }
        }
      }
    }
  }

  @Test
  void earlierFeatureLayerRunsOneLayerFewerAndDiffers() {
    RandomWeightSource weights = new RandomWeightSource(TINY, 7);
    try (NDManager manager = NDManager.newBaseManager();
        SiglipVisionTower last = new SiglipVisionTower(TINY, weights, manager, DataType.FLOAT32);
        SiglipVisionTower penultimate =
            new SiglipVisionTower(
                TestImages.withFeatureLayers(TINY, List.of(-2)),
                weights,
                manager,
                DataType.FLOAT32);
        SiglipVisionTower both =
            new SiglipVisionTower(
                TestImages.withFeatureLayers(TINY, List.of(-2, -1)),
                weights,
                manager,
                DataType.FLOAT32)) {
      assertEquals(TINY.vision().numLayers(), last.layersRun());
      assertEquals(TINY.vision().numLayers() - 1, penultimate.layersRun());
      NDArray pixels =
          manager.create(TestImages.randomFloats(3 * 55 * 55, 8), new Shape(1, 3, 55, 55));
      NDArray a = last.forward(pixels);
      NDArray b = penultimate.forward(pixels);
      assertEquals(new Shape(1, 729, 32), a.getShape());
      assertTrue(a.sub(b).abs().max().getFloat() > 1e-3f);
      NDArray concatenated = both.forward(pixels);
      assertEquals(new Shape(1, 729, 64), concatenated.getShape());
      assertEquals(64, both.outputSize());
      assertArrayEquals(
          b.toFloatArray(), concatenated.get(new NDIndex(":, :, :32")).toFloatArray());
      assertArrayEquals(
          a.toFloatArray(), concatenated.get(new NDIndex(":, :, 32:")).toFloatArray());
    }
  }

  @Test
  void hiddenStateZeroIsTheEmbeddingsOutputAndRunsNoLayer() {
    RandomWeightSource weights = new RandomWeightSource(TINY, 9);
    try (NDManager manager = NDManager.newBaseManager();
        SiglipVisionTower tower =
            new SiglipVisionTower(
                TestImages.withFeatureLayers(TINY, List.of(0)),
                weights,
                manager,
                DataType.FLOAT32)) {
      assertEquals(0, tower.layersRun());
      NDArray pixels =
          manager.create(TestImages.randomFloats(3 * 55 * 55, 10), new Shape(1, 3, 55, 55));
      float[] embedded;
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        embedded = tower.embed(pixels).toFloatArray();
      }
      assertArrayEquals(embedded, tower.forward(pixels).toFloatArray());
    }
  }

  @Test
  void rejectsLayersOutsideHiddenStatesAndTheDefaultStrategy() {
    RandomWeightSource weights = new RandomWeightSource(TINY, 1);
    try (NDManager manager = NDManager.newBaseManager()) {
      assertThrows(
          IllegalArgumentException.class,
          () ->
              new SiglipVisionTower(
                  TestImages.withFeatureLayers(TINY, List.of(-4)),
                  weights,
                  manager,
                  DataType.FLOAT32));
      LlavaOnevisionConfig withDefault =
          new LlavaOnevisionConfig(
              TINY.vision(),
              TINY.text(),
              TINY.visionFeatureLayers(),
              "default",
              "gelu",
              0,
              0,
              List.of());
      assertThrows(
          IllegalArgumentException.class,
          () -> new SiglipVisionTower(withDefault, weights, manager, DataType.FLOAT32));
    }
  }

  @Test
  void geluVariantsMatchTheirFormulas() {
    float[] x = {-3f, -1f, -0.25f, 0f, 0.5f, 2f};
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] tanh = Ops.geluTanh(manager.create(x)).toFloatArray();
      float[] erf = Ops.geluErf(manager.create(x)).toFloatArray();
      for (int i = 0; i < x.length; i++) {
        double v = x[i];
        double t = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
        assertEquals(t, tanh[i], 1e-6);
        assertEquals(0.5 * v * (1 + erf(v / Math.sqrt(2))), erf[i], 1e-6);
      }
    }
  }

  /** erf's Maclaurin series: exact to double precision for the |z| < 2.2 these tests use. */
  private static double erf(double z) {
    double t = Math.abs(z);
    double sum = t;
    double term = t;
    for (int n = 1; n < 60; n++) {
      term *= -t * t / n;
      sum += term / (2 * n + 1);
    }
    double value = 2 / Math.sqrt(Math.PI) * sum;
    return z < 0 ? -value : value;
  }
}
