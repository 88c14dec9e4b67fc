package dev.streamdycoke.model.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.streamdycoke.model.checkpoint.PreprocessorConfig;
import dev.streamdycoke.model.checkpoint.VisionConfig;
import java.util.List;

/**
 * Turns RGB frames into the pixel values the vision tower takes, as the Hugging Face
 * LLaVA-OneVision image/video processor does with its PIL backend: resize to {@code height x
 * width}, rescale, normalize, channels first.
 *
 * <p>The resize is a port of Pillow's {@code Image.resize} for 8-bit images ({@code Resample.c}:
 * same kernels, antialiasing support, 22-bit fixed-point coefficients, per-pass rounding to 8
 * bits), so it should give the PIL path's bytes exactly; it is checked here against hand-computed
 * Pillow cases, not against Pillow itself. Rescale and normalize mirror NumPy's rounding ({@code
 * float64} rescale cast to {@code float32}, then {@code float32} normalize). Processors that resize
 * with torchvision instead (the "fast" processors) differ from PIL by a grey level here and there;
 * this class does not model them.
 */
public final class ImagePreprocessor {
  private final int height;
  private final int width;
  private final boolean resize;
  private final PilResampler resampler;

  /** Byte value to model input per channel: rescale and normalize depend on nothing else. */
  private final float[][] lookup;

  /**
   * @throws IllegalArgumentException when the output size does not give the tower its patch grid,
   *     or the filter, channel count, mean or std are unusable
   */
  public ImagePreprocessor(PreprocessorConfig config, VisionConfig vision) {
    if (vision.numChannels() != 3) {
      throw new IllegalArgumentException(
          "frames are RGB but the tower takes " + vision.numChannels() + " channels");
    }
    int grid = vision.patchesPerSide();
    if (config.height() / vision.patchSize() != grid
        || config.width() / vision.patchSize() != grid) {
      throw new IllegalArgumentException(
          "a "
              + config.width()
              + "x"
              + config.height()
              + " frame does not give the tower's "
              + grid
              + "x"
              + grid
              + " patch grid");
    }
    this.height = config.height();
    this.width = config.width();
    this.resize = config.doResize();
    this.resampler = new PilResampler(config.resample());
    this.lookup = buildLookup(config);
  }

  /**
   * What LLaVA-OneVision's processors use for video frames: a square of the tower's image size,
   * bicubic, rescaled by 1/255 and normalized with mean and std 0.5 (values in [-1, 1]).
   */
  public static PreprocessorConfig llavaOnevisionVideo(VisionConfig vision) {
    int side = vision.imageSize();
    float[] half = {0.5f, 0.5f, 0.5f};
    return new PreprocessorConfig(
        side, side, true, PilResampler.BICUBIC, true, 1.0 / 255.0, true, half, half.clone());
  }

  private static float[][] buildLookup(PreprocessorConfig config) {
    float[][] table = new float[3][256];
    for (int c = 0; c < 3; c++) {
      float mean = 0f;
      float std = 1f;
      if (config.doNormalize()) {
        if (config.imageMean() == null
            || config.imageMean().length != 3
            || config.imageStd() == null
            || config.imageStd().length != 3) {
          throw new IllegalArgumentException("image mean and std need one value per channel");
        }
        mean = config.imageMean()[c];
        std = config.imageStd()[c];
        if (std == 0f || !Float.isFinite(std)) {
          throw new IllegalArgumentException("image std must be finite and non-zero: " + std);
        }
      }
      for (int v = 0; v < 256; v++) {
        float x = config.doRescale() ? (float) (v * config.rescaleFactor()) : v;
        table[c][v] = config.doNormalize() ? (x - mean) / std : x;
      }
    }
    return table;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  /** One frame as channels-first floats, {@code [3][height][width]} flattened row-major. */
  public float[] toChw(RgbImage image) {
    float[] out = new float[3 * height * width];
    writeChw(image, out, 0);
    return out;
  }

  /**
   * A batch of frames as one {@code float32} tensor {@code [B, 3, height, width]} in {@code
   * manager}, which owns it.
   */
  public NDArray toPixels(List<RgbImage> images, NDManager manager) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("no frames to preprocess");
    }
    int plane = 3 * height * width;
    float[] all = new float[Math.multiplyExact(plane, images.size())];
    for (int i = 0; i < images.size(); i++) {
      writeChw(images.get(i), all, i * plane);
    }
    return manager.create(all, new Shape(images.size(), 3, height, width));
  }

  private void writeChw(RgbImage image, float[] out, int offset) {
    byte[] rgb = resized(image);
    int area = height * width;
    for (int p = 0; p < area; p++) {
      for (int c = 0; c < 3; c++) {
        out[offset + c * area + p] = lookup[c][rgb[3 * p + c] & 0xff];
      }
    }
  }

  private byte[] resized(RgbImage image) {
    if (image.width() == width && image.height() == height) {
      return image.rgb();
    }
    if (!resize) {
      throw new IllegalArgumentException(
          "resizing is off but the frame is "
              + image.width()
              + "x"
              + image.height()
              + ", not "
              + width
              + "x"
              + height);
    }
    return resampler.resize(image.rgb(), image.width(), image.height(), width, height);
  }
}
