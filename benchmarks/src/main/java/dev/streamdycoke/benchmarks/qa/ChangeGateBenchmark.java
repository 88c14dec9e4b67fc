package dev.streamdycoke.benchmarks.qa;

import dev.streamdycoke.cli.cameras.CapturedFrame;
import dev.streamdycoke.cli.cameras.VideoFileCamera;
import dev.streamdycoke.model.vision.RgbImage;
import dev.streamdycoke.operators.gate.ChangeGate;
import dev.streamdycoke.operators.gate.ChangeGateConfig;
import dev.streamdycoke.operators.gate.GateState;
import dev.streamdycoke.operators.gate.Thumbnail;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The change gate on real footage: the share of vision-tower passes it saves at several thresholds,
 * and what a thumbnail costs. Not part of CI.
 *
 * <p>Arguments: a video file (e.g. footage of a fixed surveillance camera; not committed), then
 * optionally {@code pan:N}: instead of the video, a camera panning N pixels a frame over its first
 * frame (a window of two thirds of its width sliding right, then back), for footage with camera
 * motion without a second file.
 */
public final class ChangeGateBenchmark {
  private static final double[] DEFAULT_THRESHOLDS = {2.0, 4.0, 6.0, 8.0, 12.0};

  private ChangeGateBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println(
          "usage: ChangeGateBenchmark <video file> [pan:<pixels per frame>] [threshold ...]");
      System.exit(2);
    }
    int panStep =
        args.length > 1 && args[1].startsWith("pan:") ? Integer.parseInt(args[1].substring(4)) : 0;
    int firstThreshold = panStep > 0 ? 2 : 1;
    double[] thresholds = DEFAULT_THRESHOLDS;
    if (args.length > firstThreshold) {
      thresholds = new double[args.length - firstThreshold];
      for (int i = firstThreshold; i < args.length; i++) {
        thresholds[i - firstThreshold] = Double.parseDouble(args[i]);
      }
    }
    ChangeGate[] gates = new ChangeGate[thresholds.length];
    GateState[] states = new GateState[thresholds.length];
    int[] encoded = new int[thresholds.length];
    for (int t = 0; t < thresholds.length; t++) {
      gates[t] =
          new ChangeGate(
              new ChangeGateConfig(thresholds[t], ChangeGateConfig.DEFAULT_KEYFRAME_EVERY));
      states[t] = new GateState();
    }
    long thumbnailNanos = 0;
    int count = 0;
    RgbImage first = null;
    // Frames are streamed, not held: 800 frames of 768x576 would not fit a small heap.
    try (VideoFileCamera camera =
        new VideoFileCamera(Path.of(args[0]), VideoFileCamera.Options.defaults())) {
      for (Optional<CapturedFrame> f = camera.next(); f.isPresent(); f = camera.next(), count++) {
        if (first == null) {
          first = f.get().image();
        }
        RgbImage frame = panStep > 0 ? pan(first, panStep, count) : f.get().image();
        long start = System.nanoTime();
        Thumbnail.of(frame);
        thumbnailNanos += System.nanoTime() - start;
        for (int t = 0; t < thresholds.length; t++) {
          if (gates[t].admit(states[t], count, frame) == ChangeGate.Decision.ENCODE) {
            encoded[t]++;
          }
        }
      }
    }
    String source =
        args[0] + (panStep > 0 ? " (pan of its first frame, " + panStep + " px/frame)" : "");
    RgbImage shape = panStep > 0 ? pan(first, panStep, 0) : first;
    System.out.printf(
        Locale.ROOT, "%s: %d frames of %dx%d%n", source, count, shape.width(), shape.height());
    System.out.printf(Locale.ROOT, "thumbnail: %.2f ms a frame%n", thumbnailNanos / 1e6 / count);
    System.out.println("threshold  keyframe-every  encoded  skipped  passes saved");
    for (int t = 0; t < thresholds.length; t++) {
      int skipped = count - encoded[t];
      System.out.printf(
          Locale.ROOT,
          "%9.1f  %14d  %7d  %7d  %11.1f%%%n",
          thresholds[t],
          ChangeGateConfig.DEFAULT_KEYFRAME_EVERY,
          encoded[t],
          skipped,
          100.0 * skipped / count);
    }
  }

  /**
   * Frame {@code i} of a camera panning over {@code still}: a window two thirds of its width,
   * moving {@code step} px a frame, bouncing at the edges.
   */
  private static RgbImage pan(RgbImage still, int step, int i) {
    int w = still.width() * 2 / 3;
    int h = still.height();
    int travel = still.width() - w;
    int phase = Math.floorMod(i * step, 2 * travel);
    int x0 = phase <= travel ? phase : 2 * travel - phase;
    byte[] rgb = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      System.arraycopy(still.rgb(), 3 * (y * still.width() + x0), rgb, 3 * y * w, 3 * w);
    }
    return new RgbImage(w, h, rgb);
  }
}
