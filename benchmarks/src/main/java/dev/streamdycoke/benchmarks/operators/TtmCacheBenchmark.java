package dev.streamdycoke.benchmarks.operators;

import dev.streamdycoke.model.session.TokenId;
import dev.streamdycoke.operators.cache.EvictionPolicy;
import dev.streamdycoke.operators.cache.TokenCache;
import dev.streamdycoke.operators.cache.TokenCacheConfig;
import dev.streamdycoke.operators.ttm.MergeResult;
import dev.streamdycoke.operators.ttm.TemporalTokenMerger;
import dev.streamdycoke.operators.ttm.TtmConfig;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Frames per second on one thread (one core) of causal TTM plus the token cache update, at N = 196
 * tokens of D = 896 and C = 1024 (docs/algorithms.md section 9).
 *
 * <p>The input is a synthetic camera: a fixed scene whose tokens carry small noise (cosine about
 * 0.995 to the scene) with 20 of 196 cells replaced by fresh content in each frame, cycled from
 * {@link #distinctFrames} precomputed frames. The cache is full after the first frames, so every
 * frame evicts.
 *
 * <p>Run with {@link #main}, which hands its arguments to JMH.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
public class TtmCacheBenchmark {
  private static final int N = 196;
  private static final int D = 896;
  private static final int CHANGED_CELLS = 20;

  @Param({"DYCOKE", "THRESHOLD"})
  public String mode;

  @Param({"FIFO", "LRR", "DECAY"})
  public String policy;

  /**
   * Distinct input frames cycled: 64 (45 MB) makes every frame come from main memory, as for a
   * subtask interleaving many cameras; 8 (5.6 MB) lets them stay in the last-level cache.
   */
  @Param({"64", "8"})
  public int distinctFrames;

  private float[][][] frames;
  private TemporalTokenMerger<?> merger;
  private TokenCache cache;
  private long seq;

  @Setup(Level.Trial)
  public void setUp() {
    Random random = new Random(42);
    float[][] scene = gaussian(random, N);
    frames = new float[distinctFrames][][];
    for (int f = 0; f < distinctFrames; f++) {
      float[][] frame = new float[N][D];
      for (int c = 0; c < N; c++) {
        for (int j = 0; j < D; j++) {
          frame[c][j] = scene[c][j] + 0.1f * (float) random.nextGaussian();
        }
      }
      for (int i = 0; i < CHANGED_CELLS; i++) {
        frame[random.nextInt(N)] = gaussian(random, 1)[0];
      }
      frames[f] = frame;
    }
    TtmConfig ttm = "DYCOKE".equals(mode) ? TtmConfig.defaults() : TtmConfig.threshold(0.9, 16);
    merger = TemporalTokenMerger.create(ttm);
    cache = new TokenCache(TokenCacheConfig.of(1024, 256, EvictionPolicy.named(policy)));
    seq = 0;
  }

  private static float[][] gaussian(Random random, int rows) {
    float[][] out = new float[rows][D];
    for (float[] row : out) {
      for (int j = 0; j < D; j++) {
        row[j] = (float) random.nextGaussian();
      }
    }
    return out;
  }

  /** One frame: merge, then insert the kept tokens (evicting as needed). */
  @Benchmark
  public List<TokenId> mergeAndInsert() {
    long s = seq++;
    MergeResult result = merger.merge(s, frames[(int) (s % distinctFrames)]);
    return cache.insert(result);
  }

  /** Merging alone, to split the cost (the policy parameter does not apply). */
  @Benchmark
  public MergeResult mergeOnly() {
    long s = seq++;
    return merger.merge(s, frames[(int) (s % distinctFrames)]);
  }

  /**
   * Runs JMH on this benchmark (or on what the arguments select). Forked JVMs inherit {@code
   * java.class.path}, which under {@code exec:java} is Maven's own; the test class path is put
   * there first.
   */
  public static void main(String[] args) throws Exception {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader instanceof java.net.URLClassLoader urls) {
      StringBuilder path = new StringBuilder();
      for (java.net.URL url : urls.getURLs()) {
        if (path.length() > 0) {
          path.append(java.io.File.pathSeparatorChar);
        }
        path.append(new java.io.File(url.toURI()).getPath());
      }
      System.setProperty("java.class.path", path.toString());
    }
    String[] jmhArgs =
        args.length > 0 ? args : new String[] {TtmCacheBenchmark.class.getSimpleName()};
    org.openjdk.jmh.Main.main(jmhArgs);
  }
}
