package dev.streamdycoke.benchmarks.model;

import ai.djl.ndarray.NDManager;
import dev.streamdycoke.model.LanguageModel;
import dev.streamdycoke.model.LlavaOnevisionModel;
import dev.streamdycoke.model.ModelOptions;
import dev.streamdycoke.model.VisionModel;
import dev.streamdycoke.model.checkpoint.LlavaOnevisionConfig;
import dev.streamdycoke.model.checkpoint.RandomWeightSource;
import dev.streamdycoke.model.checkpoint.StandardConfigs;
import dev.streamdycoke.model.session.BytePromptCodec;
import dev.streamdycoke.model.vision.ImagePreprocessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Native memory one operator's model takes: the growth of this process's anonymous resident memory
 * ({@code RssAnon}, where libtorch allocates) while loading the whole model (what each of the
 * encode and answer operators loaded before), the vision half (the encode operator) or the language
 * half (the answer operator), with random weights at the chosen dimensions on the CPU in float32.
 * One part per run, in a fresh JVM whose heap is committed up front, so that the random values
 * passing through the heap do not count:
 *
 * <pre>
 * mvn -q -B -o -pl model test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.streamdycoke.benchmarks.model.WeightMemoryBenchmark -Dexec.args="0.5b language"
 * </pre>
 *
 * (exec:java shares Maven's JVM; for clean numbers run the class on the test classpath with {@code
 * MALLOC_MMAP_THRESHOLD_=65536 java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -XX:MaxDirectMemorySize=8g}:
 * a fixed mmap threshold makes glibc hand freed buffers back to the system, so only what the model
 * keeps is counted.) Arguments: {@code tiny|0.5b}, {@code whole|vision|language}.
 */
public final class WeightMemoryBenchmark {
  private WeightMemoryBenchmark() {}

  public static void main(String[] args) throws IOException {
    String name = args.length > 0 ? args[0] : "tiny";
    String part = args.length > 1 ? args[1] : "whole";
    LlavaOnevisionConfig config =
        name.equals("0.5b") ? StandardConfigs.llavaOnevision05b() : StandardConfigs.tiny();
    // Start the engine first: its own libraries and pools are not the model's.
    try (NDManager warmup = NDManager.newBaseManager()) {
      warmup
          .ones(new ai.djl.ndarray.types.Shape(4, 4))
          .matMul(warmup.ones(new ai.djl.ndarray.types.Shape(4, 4)));
    }
    settle();
    long before = rssAnonKb();
    RandomWeightSource weights = new RandomWeightSource(config, 3);
    ModelOptions cpu = ModelOptions.cpu();
    long loaded;
    AutoCloseable model;
    switch (part) {
      case "vision" -> {
        VisionModel vision =
            VisionModel.fromWeights(
                config, ImagePreprocessor.llavaOnevisionVideo(config.vision()), weights, cpu);
        loaded = vision.weightBytes();
        model = vision;
      }
      case "language" -> {
        LanguageModel language =
            LanguageModel.fromWeights(config, weights, new BytePromptCodec(false), cpu);
        loaded = language.weightBytes();
        model = language;
      }
      case "whole" -> {
        LlavaOnevisionModel whole =
            LlavaOnevisionModel.fromWeights(
                config,
                ImagePreprocessor.llavaOnevisionVideo(config.vision()),
                weights,
                new BytePromptCodec(false),
                cpu);
        loaded = whole.weightBytes();
        model = whole;
      }
      default ->
          throw new IllegalArgumentException("part must be whole, vision or language, was " + part);
    }
    settle();
    long after = rssAnonKb();
    System.out.printf(
        "%s %s float32: weights loaded %.3f GB, anonymous resident memory +%.3f GB%n",
        name, part, loaded / 1e9, (after - before) * 1024 / 1e9);
    try {
      model.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Frees the direct buffers the random values passed through (their cleaners run after a GC). */
  private static void settle() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static long rssAnonKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("RssAnon:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    throw new IllegalStateException("no RssAnon in /proc/self/status");
  }
}
