package dev.streamdycoke.benchmarks.operators;

import dev.streamdycoke.operators.cache.EvictionPolicy;
import dev.streamdycoke.operators.cache.TokenCache;
import dev.streamdycoke.operators.cache.TokenCacheConfig;
import dev.streamdycoke.operators.cache.TokenCacheState;
import dev.streamdycoke.operators.ttm.MergeResult;
import dev.streamdycoke.operators.ttm.TemporalTokenMerger;
import dev.streamdycoke.operators.ttm.TtmConfig;
import java.util.Locale;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Keyed state bytes per camera over stream length: the token cache (its index and one fp16 row per
 * cached token) and the TTM references, each serialized with the Flink serializer the job uses for
 * it (PojoSerializer, no Kryo); and the cache bytes one frame's update writes, against rewriting
 * the whole cache as a single value would. Frames are a static scene plus noise with a few changing
 * cells, at N = 196 and D = 896 (LLaVA-OneVision 0.5B).
 *
 * <pre>
 * mvn -q -B -pl operators test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.streamdycoke.benchmarks.operators.StateSizeBenchmark -Dexec.args="10000 1024"
 * </pre>
 */
public final class StateSizeBenchmark {
  private static final int N = 196;
  private static final int D = 896;

  public static void main(String[] args) throws Exception {
    int frames = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int capacity = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
    for (String policy : new String[] {"fifo", "lrr", "decay"}) {
      run(frames, capacity, policy);
    }
  }

  private static void run(int frames, int capacity, String policy) throws Exception {
    SerializerConfigImpl noKryo = new SerializerConfigImpl();
    noKryo.setGenericTypes(false);
    TemporalTokenMerger<?> merger = TemporalTokenMerger.create(TtmConfig.defaults());
    TokenCache cache =
        new TokenCache(
            TokenCacheConfig.of(capacity, Math.min(256, capacity), EvictionPolicy.named(policy)));
    Random random = new Random(7);
    float[][] scene = new float[N][D];
    for (float[] row : scene) {
      for (int j = 0; j < D; j++) {
        row[j] = (float) random.nextGaussian();
      }
    }
    System.out.printf(Locale.ROOT, "policy %s, C = %d, N = %d, D = %d%n", policy, capacity, N, D);
    // A stored row: its map key (a long) and the fp16 row as Flink's short[] serializer writes it.
    long rowBytes = Long.BYTES + serializedSize(short[].class, new short[D], noKryo);
    System.out.println(
        "frames   cached   index B   rows B   ttm state B   total B/camera   cache B written/frame (whole cache)");
    for (int seq = 0; seq < frames; seq++) {
      float[][] frame = new float[N][D];
      for (int c = 0; c < N; c++) {
        boolean changed = (c + seq) % 10 == 0;
        for (int j = 0; j < D; j++) {
          frame[c][j] = scene[c][j] * (changed ? -1 : 1) + 0.05f * (float) random.nextGaussian();
        }
      }
      MergeResult merged = merger.merge(seq, frame);
      cache.insert(merged);
      int done = seq + 1;
      if (done == 10 || done == 100 || done == 1_000 || done == 10_000 || done == frames) {
        long indexBytes = serializedSize(TokenCacheState.class, cache.snapshot(), noKryo);
        long rowsBytes = cache.size() * rowBytes;
        long ttmBytes = ttmBytes(merger, noKryo);
        // A frame's update writes the index and its own kept rows (evicted rows are deletes).
        long written = indexBytes + merged.keptCount() * rowBytes;
        System.out.printf(
            Locale.ROOT,
            "%6d   %6d   %7d   %6d   %11d   %14d   %10d (%d)%n",
            done,
            cache.size(),
            indexBytes,
            rowsBytes,
            ttmBytes,
            indexBytes + rowsBytes + ttmBytes,
            written,
            indexBytes + rowsBytes);
      }
    }
    System.out.println();
  }

  private static <S> long ttmBytes(TemporalTokenMerger<S> merger, SerializerConfigImpl config)
      throws Exception {
    return serializedSize(merger.stateType(), merger.snapshot(), config);
  }

  private static <T> long serializedSize(Class<T> type, T value, SerializerConfigImpl config)
      throws Exception {
    TypeSerializer<T> serializer = TypeInformation.of(type).createSerializer(config);
    DataOutputSerializer out = new DataOutputSerializer(1 << 20);
    serializer.serialize(value, out);
    return out.length();
  }
}
