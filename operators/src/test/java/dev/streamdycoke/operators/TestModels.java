package dev.streamdycoke.operators;

import dev.streamdycoke.model.checkpoint.TinyCheckpointWriter;
import dev.streamdycoke.model.vision.RgbImage;
import dev.streamdycoke.operators.records.DecodedFrame;
import java.nio.file.Path;

/** A tiny real checkpoint on disk and camera-like frames for operator tests. */
public final class TestModels {
  private TestModels() {}

  /** Writes the tiny checkpoint (random weights, real files) under {@code dir}. */
  public static ModelSpec tinyCheckpoint(Path dir) {
    TinyCheckpointWriter.writeTiny(dir);
    return new ModelSpec(dir.toString(), "cpu");
  }

  /**
   * A 64x48 frame: a fixed gradient background with a bright square that moves right with seq, so
   * consecutive frames differ in a few cells only, as a static camera's frames do.
   */
  public static RgbImage movingSquare(long seq) {
    int w = 64;
    int h = 48;
    byte[] rgb = new byte[w * h * 3];
    int x0 = (int) (4 + (seq * 3) % 40);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        boolean square = x >= x0 && x < x0 + 12 && y >= 18 && y < 30;
        rgb[i] = (byte) (square ? 250 : x * 3);
        rgb[i + 1] = (byte) (square ? 40 : y * 4);
        rgb[i + 2] = (byte) (square ? 30 : 90);
      }
    }
    return new RgbImage(w, h, rgb);
  }

  public static DecodedFrame frame(String camera, long seq) {
    return new DecodedFrame(camera, seq, 1_000_000L + seq * 100, movingSquare(seq))
        .withSource("frames", 0, seq);
  }
}
