package dev.streamdycoke.model.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.streamdycoke.model.checkpoint.LlavaOnevisionConfig;
import dev.streamdycoke.model.checkpoint.RandomWeightSource;
import dev.streamdycoke.model.checkpoint.StandardConfigs;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FrameEncoderTest {
  private static final LlavaOnevisionConfig TINY = StandardConfigs.tiny();
  private static final List<RgbImage> FRAMES =
      List.of(
          TestImages.random(64, 48, 21),
          TestImages.random(55, 55, 22),
          TestImages.random(30, 40, 23),
          RgbImage.filled(100, 70, 10, 200, 90));
  private static FrameEncoder encoder;

  @BeforeAll
  static void load() {
    encoder =
        new FrameEncoder(
            TINY,
            ImagePreprocessor.llavaOnevisionVideo(TINY.vision()),
            new RandomWeightSource(TINY, 42));
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  @Test
  void tinyConfigGives196TokensOfTheTextWidth() {
    assertEquals(196, encoder.tokensPerFrame());
    assertEquals(TINY.text().hiddenSize(), encoder.dim());
    float[][][] tokens = encoder.encode(FRAMES.subList(0, 2));
    assertEquals(2, tokens.length);
    assertEquals(196, tokens[0].length);
    assertEquals(64, tokens[0][0].length);
  }

  @Test
  void batchedEncodingEqualsOneFrameAtATime() {
    float[][][] batched = encoder.encode(FRAMES);
    for (int f = 0; f < FRAMES.size(); f++) {
      float[][] single = encoder.encode(List.of(FRAMES.get(f)))[0];
      for (int t = 0; t < single.length; t++) {
        for (int d = 0; d < single[t].length; d++) {
          assertEquals(single[t][d], batched[f][t][d], 1e-5f, "frame " + f + " token " + t);
        }
      }
    }
    assertTrue(differ(batched[0], batched[1]), "different frames give different tokens");
  }

  @Test
  void encodePixelsLeavesOnlyItsResultInTheCallersManager() {
    try (NDManager scratch = NDManager.newBaseManager()) {
      NDArray pixels = encoder.preprocessor().toPixels(FRAMES, scratch);
      NDArray tokens = encoder.encodePixels(pixels);
      assertEquals(new Shape(4, 196, 64), tokens.getShape());
      long open =
          ((BaseNDManager) scratch)
              .getManagedArrays().stream().filter(a -> !a.isReleased()).count();
      assertEquals(2, open, "pixels and tokens only");
    }
  }

  @Test
  void float16RunsAndStaysCloseToFloat32() {
    float[][][] reference = encoder.encode(FRAMES.subList(0, 1));
    try (FrameEncoder half =
        new FrameEncoder(
            TINY,
            ImagePreprocessor.llavaOnevisionVideo(TINY.vision()),
            new RandomWeightSource(TINY, 42),
            Device.cpu(),
            DataType.FLOAT16)) {
      float[][][] tokens = half.encode(FRAMES.subList(0, 1));
      double maxError = 0;
      double maxValue = 0;
      for (int t = 0; t < reference[0].length; t++) {
        for (int d = 0; d < reference[0][t].length; d++) {
          maxError = Math.max(maxError, Math.abs(reference[0][t][d] - tokens[0][t][d]));
          maxValue = Math.max(maxValue, Math.abs(reference[0][t][d]));
        }
      }
      assertTrue(maxError < 0.05 * maxValue, "fp16 error " + maxError + " of " + maxValue);
    }
  }

  @Test
  void bfloat16IsRefusedBeforeItCanAbortTheJvm() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new FrameEncoder(
                TINY,
                ImagePreprocessor.llavaOnevisionVideo(TINY.vision()),
                new RandomWeightSource(TINY, 42),
                Device.cpu(),
                DataType.BFLOAT16));
  }

  private static boolean differ(float[][] a, float[][] b) {
    for (int t = 0; t < a.length; t++) {
      for (int d = 0; d < a[t].length; d++) {
        if (Math.abs(a[t][d] - b[t][d]) > 1e-3f) {
          return true;
        }
      }
    }
    return false;
  }
}
