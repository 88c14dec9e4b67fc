package dev.streamdycoke.model.checkpoint;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint's {@code preprocessor_config.json} read into a {@link PreprocessorConfig}, and
 * written back as the public llava-hf LLaVA-OneVision checkpoints write it. Absent keys take {@code
 * LlavaOnevisionImageProcessor}'s defaults (384 x 384, bicubic, 1/255, CLIP mean and std). A {@code
 * {"shortest_edge": n}} size becomes n x n, the square every frame is resized to for the vision
 * tower.
 */
public final class PreprocessorConfigJson {
  public static final String IMAGE_PROCESSOR_TYPE = "LlavaOnevisionImageProcessor";
  public static final String PROCESSOR_CLASS = "LlavaOnevisionProcessor";
  private static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
  private static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};
  private static final int BICUBIC = 3;

  private PreprocessorConfigJson() {}

  /**
   * Reads {@code file}.
   *
   * @throws CheckpointException naming the file and the field at fault
   */
  public static PreprocessorConfig read(Path file) {
    JsonFields root = new JsonFields(file, "", JsonFiles.readObject(file));
    int height = 384;
    int width = 384;
    if (root.has("size")) {
      JsonFields size = root.object("size");
      if (size.has("height") || size.has("width")) {
        height = size.requiredInteger("height");
        width = size.requiredInteger("width");
      } else if (size.has("shortest_edge")) {
        height = size.requiredInteger("shortest_edge");
        width = height;
      } else {
        throw root.invalid("size", "has neither height/width nor shortest_edge");
      }
    }
    if (height <= 0 || width <= 0) {
      throw root.invalid("size", "must be positive, is " + height + " x " + width);
    }
    float[] mean = root.floats("image_mean", CLIP_MEAN);
    float[] std = root.floats("image_std", CLIP_STD);
    if (mean.length != 3) {
      throw root.invalid("image_mean", "needs 3 channels, has " + mean.length);
    }
    if (std.length != 3) {
      throw root.invalid("image_std", "needs 3 channels, has " + std.length);
    }
    for (float s : std) {
      if (!(s > 0)) {
        throw root.invalid("image_std", "must be positive");
      }
    }
    return new PreprocessorConfig(
        height,
        width,
        root.bool("do_resize", true),
        root.integer("resample", BICUBIC),
        root.bool("do_rescale", true),
        root.number("rescale_factor", 1.0 / 255),
        root.bool("do_normalize", true),
        mean,
        std);
  }

  /** The llava-onevision preprocessing of a vision tower taking {@code imageSize} squares. */
  public static PreprocessorConfig llavaOnevision(int imageSize) {
    return new PreprocessorConfig(
        imageSize,
        imageSize,
        true,
        BICUBIC,
        true,
        1.0 / 255,
        true,
        new float[] {0.5f, 0.5f, 0.5f},
        new float[] {0.5f, 0.5f, 0.5f});
  }

  /** Writes {@code config} with the keys of the public checkpoints' file. */
  public static void write(PreprocessorConfig config, Path file) throws IOException {
    ObjectNode out = JsonFiles.MAPPER.createObjectNode();
    out.put("do_convert_rgb", true);
    out.put("do_normalize", config.doNormalize());
    out.put("do_pad", true);
    out.put("do_rescale", config.doRescale());
    out.put("do_resize", config.doResize());
    out.set("image_grid_pinpoints", ConfigJson.gridPinpoints(config.height()));
    out.set("image_mean", floats(config.imageMean()));
    out.put("image_processor_type", IMAGE_PROCESSOR_TYPE);
    out.set("image_std", floats(config.imageStd()));
    out.put("processor_class", PROCESSOR_CLASS);
    out.put("resample", config.resample());
    out.put("rescale_factor", config.rescaleFactor());
    out.putObject("size").put("height", config.height()).put("width", config.width());
    JsonFiles.write(JsonFiles.sorted(out), file);
  }

  private static ArrayNode floats(float[] values) {
    ArrayNode out = JsonFiles.MAPPER.createArrayNode();
    for (float v : values) {
      // Through the decimal string so 0.5f is written 0.5, not 0.5000000xxx.
      out.add(Double.parseDouble(Float.toString(v)));
    }
    return out;
  }
}
