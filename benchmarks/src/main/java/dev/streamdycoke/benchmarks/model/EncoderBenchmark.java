package dev.streamdycoke.benchmarks.model;

import dev.streamdycoke.model.checkpoint.LlavaOnevisionConfig;
import dev.streamdycoke.model.checkpoint.RandomWeightSource;
import dev.streamdycoke.model.checkpoint.StandardConfigs;
import dev.streamdycoke.model.vision.FrameEncoder;
import dev.streamdycoke.model.vision.ImagePreprocessor;
import dev.streamdycoke.model.vision.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Frames encoded per second (preprocessing, vision tower, projector, pooling) at batch 1 and 8,
 * from 768 x 576 camera frames (the size of the plaza footage). Random weights at the chosen
 * model's dimensions.
 *
 * <pre>
 * mvn -q -B -pl model test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.streamdycoke.benchmarks.model.EncoderBenchmark -Dexec.args="tiny 5"
 * </pre>
 *
 * Arguments: {@code tiny|0.5b}, timed batches per batch size.
 */
public final class EncoderBenchmark {
  public static void main(String[] args) {
    String name = args.length > 0 ? args[0] : "tiny";
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    LlavaOnevisionConfig config =
        name.equals("0.5b") ? StandardConfigs.llavaOnevision05b() : StandardConfigs.tiny();
    System.out.printf(
        "# frame encoder, %s dimensions, CPU fp32, %d cores%n",
        name, Runtime.getRuntime().availableProcessors());
    Random random = new Random(5);
    try (FrameEncoder encoder =
        new FrameEncoder(
            config,
            ImagePreprocessor.llavaOnevisionVideo(config.vision()),
            new RandomWeightSource(config, 1))) {
      for (int batch : new int[] {1, 8}) {
        List<RgbImage> frames = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
          byte[] rgb = new byte[768 * 576 * 3];
          random.nextBytes(rgb);
          frames.add(new RgbImage(768, 576, rgb));
        }
        encoder.encode(frames);
        long start = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
          encoder.encode(frames);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            "batch %d: %.2f frames/s (%.1f ms per batch, %d tokens x %d per frame)%n",
            batch,
            rounds * batch / seconds,
            seconds * 1e3 / rounds,
            encoder.tokensPerFrame(),
            encoder.dim());
      }
    }
  }
}
