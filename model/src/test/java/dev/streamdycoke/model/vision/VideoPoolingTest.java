package dev.streamdycoke.model.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class VideoPoolingTest {

  @Test
  void matchesPytorchBilinearFormulaOnA27Grid() {
    int g = 27;
    int o = 14;
    int batch = 2;
    int dim = 5;
    float[] x = TestImages.randomFloats(batch * g * g * dim, 11);
    try (NDManager manager = NDManager.newBaseManager();
        VideoPooling pooling = new VideoPooling(g, manager, DataType.FLOAT32)) {
      assertEquals(196, pooling.tokensPerFrame());
      NDArray out = pooling.apply(manager.create(x, new Shape(batch, g * g, dim)));
      assertEquals(new Shape(batch, o * o, dim), out.getShape());
      float[] actual = out.toFloatArray();
      float[] expected = referenceBilinear(x, batch, g, o, dim);
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], actual[i], 1e-5f, "element " + i);
      }
    }
  }

  @Test
  void fourToTwoIsTheMeanOfEachTwoByTwoBlock() {
    float[] x = TestImages.randomFloats(16 * 3, 12);
    try (NDManager manager = NDManager.newBaseManager();
        VideoPooling pooling = new VideoPooling(4, manager, DataType.FLOAT32)) {
      float[] actual = pooling.apply(manager.create(x, new Shape(1, 16, 3))).toFloatArray();
      for (int r = 0; r < 2; r++) {
        for (int c = 0; c < 2; c++) {
          for (int d = 0; d < 3; d++) {
            float mean = 0f;
            for (int dr = 0; dr < 2; dr++) {
              for (int dc = 0; dc < 2; dc++) {
                mean += x[((2 * r + dr) * 4 + 2 * c + dc) * 3 + d] / 4f;
              }
            }
            assertEquals(mean, actual[(r * 2 + c) * 3 + d], 1e-6f);
          }
        }
      }
    }
  }

  @Test
  void oddGridsRoundUp() {
    assertEquals(14, VideoPooling.pooledSide(27));
    assertEquals(2, VideoPooling.pooledSide(4));
    assertEquals(1, VideoPooling.pooledSide(1));
  }

  /**
   * upsample_bilinear2d's CPU loop written out: for every output cell, blend the four neighbours
   * with lambdas from {@code src = max(scale * (dst + 0.5) - 0.5, 0)}.
   */
  private static float[] referenceBilinear(float[] x, int batch, int g, int o, int dim) {
    float[] out = new float[batch * o * o * dim];
    float scale = (float) g / o;
    for (int b = 0; b < batch; b++) {
      for (int oh = 0; oh < o; oh++) {
        float hs = Math.max(scale * (oh + 0.5f) - 0.5f, 0f);
        int h1 = (int) hs;
        int h1p = h1 < g - 1 ? 1 : 0;
        float h1l = hs - h1;
        float h0l = 1f - h1l;
        for (int ow = 0; ow < o; ow++) {
          float ws = Math.max(scale * (ow + 0.5f) - 0.5f, 0f);
          int w1 = (int) ws;
          int w1p = w1 < g - 1 ? 1 : 0;
          float w1l = ws - w1;
          float w0l = 1f - w1l;
          for (int d = 0; d < dim; d++) {
            float v =
                h0l * (w0l * at(x, b, h1, w1, d, g, dim) + w1l * at(x, b, h1, w1 + w1p, d, g, dim))
                    + h1l
                        * (w0l * at(x, b, h1 + h1p, w1, d, g, dim)
                            + w1l * at(x, b, h1 + h1p, w1 + w1p, d, g, dim));
            out[((b * o + oh) * o + ow) * dim + d] = v;
          }
        }
      }
    }
    return out;
  }

  private static float at(float[] x, int b, int h, int w, int d, int g, int dim) {
    return x[((b * g + h) * g + w) * dim + d];
  }
}
