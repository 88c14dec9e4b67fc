package dev.streamdycoke.model.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.streamdycoke.model.checkpoint.PreprocessorConfig;
import dev.streamdycoke.model.checkpoint.StandardConfigs;
import dev.streamdycoke.model.checkpoint.VisionConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {
  private static final VisionConfig TINY = StandardConfigs.tiny().vision();

  private static ImagePreprocessor tiny() {
    return new ImagePreprocessor(ImagePreprocessor.llavaOnevisionVideo(TINY), TINY);
  }

  @Test
  void batchHasChannelsFirstShapeAndFloat32() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray pixels =
          tiny()
              .toPixels(
                  List.of(TestImages.random(80, 60, 1), TestImages.random(55, 55, 2)), manager);
      assertEquals(new Shape(2, 3, 55, 55), pixels.getShape());
      assertEquals(DataType.FLOAT32, pixels.getDataType());
    }
  }

  @Test
  void constantColourNormalizesExactlyAndSurvivesResize() {
    float[] chw = tiny().toChw(RgbImage.filled(97, 31, 255, 0, 128));
    int plane = 55 * 55;
    for (int p = 0; p < plane; p++) {
      assertEquals(1.0f, chw[p]);
      assertEquals(-1.0f, chw[plane + p]);
      assertEquals((128f / 255f - 0.5f) / 0.5f, chw[2 * plane + p], 1e-7f);
    }
  }

  @Test
  void pixelsOfTheTargetSizeAreNotResampled() {
    RgbImage image = TestImages.random(55, 55, 3);
    float[] chw = tiny().toChw(image);
    for (int p = 0; p < 55 * 55; p++) {
      float red = (image.rgb()[3 * p] & 0xff) / 255f;
      assertEquals((red - 0.5f) / 0.5f, chw[p], 1e-6f);
    }
  }

  /** Pillow: Image.fromarray([[0, 70, 140, 210]]).resize((2, 1), BILINEAR) gives [50, 160]. */
  @Test
  void bilinearDownsamplingWidensTheKernelAsPillowDoes() {
    byte[] out = new PilResampler(PilResampler.BILINEAR).resize(grey(0, 70, 140, 210), 4, 1, 2, 1);
    assertArrayEquals(grey(50, 160), out);
  }

  /** Keys a = -0.5 weights worked by hand: [100, 200] upsampled to 4 gives [91, 121, 179, 209]. */
  @Test
  void bicubicUpsamplingMatchesHandComputedPillowWeights() {
    byte[] out = new PilResampler(PilResampler.BICUBIC).resize(grey(100, 200), 2, 1, 4, 1);
    assertArrayEquals(grey(91, 121, 179, 209), out);
  }

  @Test
  void bicubicOvershootIsClampedToEightBits() {
    byte[] out = new PilResampler(PilResampler.BICUBIC).resize(grey(0, 255), 2, 1, 4, 1);
    assertEquals(0, out[0] & 0xff);
    assertEquals(255, out[out.length - 1] & 0xff);
  }

  @Test
  void verticalPassMatchesHorizontal() {
    PilResampler resampler = new PilResampler(PilResampler.BICUBIC);
    byte[] column = resampler.resize(grey(100, 200), 1, 2, 1, 4);
    assertArrayEquals(grey(91, 121, 179, 209), column);
  }

  @Test
  void rejectsFramesThatMissThePatchGridAndUnknownFilters() {
    PreprocessorConfig wrongSize =
        new PreprocessorConfig(40, 40, true, 3, true, 1 / 255.0, true, half(), half());
    assertThrows(IllegalArgumentException.class, () -> new ImagePreprocessor(wrongSize, TINY));
    PreprocessorConfig lanczos =
        new PreprocessorConfig(55, 55, true, 1, true, 1 / 255.0, true, half(), half());
    assertThrows(IllegalArgumentException.class, () -> new ImagePreprocessor(lanczos, TINY));
    assertThrows(IllegalArgumentException.class, () -> new RgbImage(2, 2, new byte[11]));
  }

  private static float[] half() {
    return new float[] {0.5f, 0.5f, 0.5f};
  }

  private static byte[] grey(int... values) {
    byte[] rgb = new byte[3 * values.length];
    for (int i = 0; i < values.length; i++) {
      rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = (byte) values[i];
    }
    return rgb;
  }
}
