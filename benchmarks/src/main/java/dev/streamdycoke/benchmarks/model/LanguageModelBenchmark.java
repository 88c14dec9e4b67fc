package dev.streamdycoke.benchmarks.model;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.streamdycoke.model.checkpoint.LlavaOnevisionConfig;
import dev.streamdycoke.model.checkpoint.RandomWeightSource;
import dev.streamdycoke.model.checkpoint.StandardConfigs;
import dev.streamdycoke.model.lm.Qwen2Model;
import dev.streamdycoke.model.session.AnswerSettings;
import dev.streamdycoke.model.session.BytePromptCodec;
import dev.streamdycoke.model.session.SessionAnswer;
import dev.streamdycoke.model.session.SessionOptions;
import dev.streamdycoke.model.session.StreamingSession;
import dev.streamdycoke.model.session.TokenId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The language model's streaming figures: prefill and decode throughput, time to first token
 * answering from a filled session versus re-prefilling the same tokens, and KV bytes per session as
 * the stream grows past the capacity. Random weights at the chosen model's dimensions.
 *
 * <pre>
 * mvn -q -B -pl model test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.streamdycoke.benchmarks.model.LanguageModelBenchmark -Dexec.args="tiny 64 1024"
 * </pre>
 *
 * Arguments: {@code tiny|0.5b}, frames in the session for the time-to-first-token comparison,
 * capacity C in tokens for the KV-bytes figure, repetitions of that comparison (median taken).
 */
public final class LanguageModelBenchmark {
  private static final int TOKENS_PER_FRAME = 196;
  private static final String QUESTION = "How many people are in the plaza right now?";

  public static void main(String[] args) {
    String name = args.length > 0 ? args[0] : "tiny";
    int frames = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    int capacity = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
    int repetitions = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    LlavaOnevisionConfig config =
        name.equals("0.5b") ? StandardConfigs.llavaOnevision05b() : StandardConfigs.tiny();
    System.out.printf(
        "# language model, %s dimensions, CPU fp32, %d cores%n",
        name, Runtime.getRuntime().availableProcessors());
    try (Qwen2Model model =
        new Qwen2Model(
            config.text(), new RandomWeightSource(config, 1), Device.cpu(), DataType.FLOAT32)) {
      new LanguageModelBenchmark(model).run(frames, capacity, repetitions);
    }
  }

  private final Qwen2Model model;
  private final BytePromptCodec codec = new BytePromptCodec(false);
  private final Random random = new Random(3);

  private LanguageModelBenchmark(Qwen2Model model) {
    this.model = model;
  }

  private void run(int frames, int capacity, int repetitions) {
    List<float[][]> video = new ArrayList<>();
    for (int f = 0; f < frames; f++) {
      video.add(frame());
    }
    // Warm-up: first calls allocate and pick kernels.
    try (StreamingSession s = open()) {
      append(s, 0, video.get(0));
      s.answer(QUESTION, AnswerSettings.defaults().withMaxNewTokens(4));
    }

    try (StreamingSession session = open()) {
      long start = System.nanoTime();
      for (int f = 0; f < frames; f++) {
        append(session, f, video.get(f));
      }
      double prefillSeconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "prefill of a growing session, %d frames x %d tokens: %.2f s = %.0f tokens/s%n",
          frames, TOKENS_PER_FRAME, prefillSeconds, frames * TOKENS_PER_FRAME / prefillSeconds);

      SessionAnswer decode = session.answer(QUESTION, AnswerSettings.withoutPruning(32));
      System.out.printf(
          "decode (no DP, %d visual tokens): %.1f tokens/s%n",
          decode.visualTokens(),
          (decode.generatedIds().length - 1) / (decode.timings().decodeMs() / 1e3));
      SessionAnswer dp = session.answer(QUESTION, AnswerSettings.defaults().withMaxNewTokens(32));
      System.out.printf(
          "decode (DP L=3 P=0.7 A=256, %.0f visual tokens attended in pruned layers): %.1f tokens/s%n",
          dp.tokensAttended(), (dp.generatedIds().length - 1) / (dp.timings().decodeMs() / 1e3));

      double[] anytime = new double[repetitions];
      double[] reprefill = new double[repetitions];
      AnswerSettings first = AnswerSettings.defaults().withMaxNewTokens(1);
      for (int r = 0; r < anytime.length; r++) {
        anytime[r] = session.answer(QUESTION, first).timings().firstTokenMs();
        long t0 = System.nanoTime();
        try (StreamingSession fresh = open()) {
          for (int f = 0; f < frames; f++) {
            append(fresh, f, video.get(f));
          }
          fresh.answer(QUESTION, first);
        }
        reprefill[r] = (System.nanoTime() - t0) / 1e6;
      }
      double a = median(anytime);
      double b = median(reprefill);
      System.out.printf(
          "time to first token, %d frames (%d visual tokens) cached: anytime %.1f ms, "
              + "re-prefill %.1f ms, ratio %.1fx (median of %d)%n",
          frames, session.visualTokenCount(), a, b, b / a, repetitions);
    }

    kvBytes(capacity);
  }

  /** KV bytes while the stream runs past C with oldest-first eviction: must stay flat at C. */
  private void kvBytes(int capacity) {
    var t = model.config();
    long perToken = (long) t.numLayers() * 2 * t.numKvHeads() * t.headDim() * Float.BYTES;
    System.out.printf(
        "KV bytes per session at C = %d: formula C x layers x 2 x kv_heads x head_dim x 4 = %d%n",
        capacity, capacity * perToken);
    try (StreamingSession session = open()) {
      int streamFrames = 4 * (capacity / TOKENS_PER_FRAME + 1);
      List<TokenId> order = new ArrayList<>();
      long busy = 0;
      int timedFrames = 0;
      for (int f = 0; f < streamFrames; f++) {
        float[][] tokens = frame();
        long t0 = System.nanoTime();
        List<TokenId> ids = append(session, f, tokens);
        order.addAll(ids);
        int excess = order.size() - capacity;
        if (excess > 0) {
          session.evict(order.subList(0, excess));
          order.subList(0, excess).clear();
        }
        if (f >= streamFrames / 2) {
          busy += System.nanoTime() - t0;
          timedFrames++;
        }
        if (f % (capacity / TOKENS_PER_FRAME + 1) == 0 || f == streamFrames - 1) {
          long visualBytes = session.kvBytes() - session.prefixLength() * perToken;
          System.out.printf(
              "  after %4d frames (%6d tokens seen): %5d visual tokens, visual KV %d bytes, total KV %d bytes%n",
              f + 1,
              (f + 1) * TOKENS_PER_FRAME,
              session.visualTokenCount(),
              visualBytes,
              session.kvBytes());
        }
      }
      System.out.printf(
          "steady-state prefill at C = %d (append a frame, evict the oldest): %.0f tokens/s, %.1f ms per frame%n",
          capacity, timedFrames * TOKENS_PER_FRAME / (busy / 1e9), busy / 1e6 / timedFrames);
    }
  }

  private StreamingSession open() {
    return new StreamingSession(model, codec, null, SessionOptions.eager());
  }

  private List<TokenId> append(StreamingSession session, long seq, float[][] tokens) {
    List<TokenId> ids = new ArrayList<>();
    for (int c = 0; c < tokens.length; c++) {
      ids.add(new TokenId(seq, c));
    }
    session.append(ids, tokens);
    return ids;
  }

  private float[][] frame() {
    int d = model.config().hiddenSize();
    float[][] out = new float[TOKENS_PER_FRAME][d];
    for (float[] row : out) {
      for (int i = 0; i < d; i++) {
        row[i] = (float) random.nextGaussian() * 0.05f;
      }
    }
    return out;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
