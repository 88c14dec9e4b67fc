package dev.streamdycoke.operators.bench;

import dev.streamdycoke.operators.cache.EvictionPolicy;
import dev.streamdycoke.operators.cache.TokenCache;
import dev.streamdycoke.operators.cache.TokenCacheConfig;
import dev.streamdycoke.operators.cache.TokenCacheState;
import dev.streamdycoke.operators.ttm.MergeResult;
import dev.streamdycoke.operators.ttm.RowDelta;
import dev.streamdycoke.operators.ttm.RowStoredMerger;
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
 * the whole cache as a single value would; and the TTM bytes one frame writes, stored as an index
 * plus one row per referenced token, against rewriting the whole state POJO. Frames are a
 * static scene plus noise with a few changing cells, at N = 196 and D = 896 (LLaVA-OneVision 0.5B).
 *
 * <pre>
 * mvn -q -B -pl operators test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.streamdycoke.operators.bench.StateSizeBenchmark -Dexec.args="10000 1024"
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
    for (TtmConfig ttm : new TtmConfig[] {TtmConfig.defaults(), TtmConfig.threshold(TtmConfig.DEFAULT_TAU, TtmConfig.DEFAULT_ANCHOR_EVERY)}) {
      ttmWrites(frames, ttm);
    }
  }

  /** Frames averaged per report: a whole number of dycoke windows (4) and threshold anchor periods. */
  private static final int WRITE_WINDOW = 16;

  /**
   * TTM bytes written per frame, averaged over each {@link #WRITE_WINDOW} frames: before, the whole
   * state POJO as one value; after, the index plus the rows the frame's delta adds (a key and a
   * float[] each). Deleted rows write only a tombstone per key and are counted apart.
   */
  private static void ttmWrites(int frames, TtmConfig ttm) throws Exception {
    SerializerConfigImpl noKryo = new SerializerConfigImpl();
    noKryo.setGenericTypes(false);
    RowStoredMerger<?> merger = RowStoredMerger.create(ttm);
    long rowBytes = Long.BYTES + serializedSize(float[].class, new float[D], noKryo);
    Random random = new Random(7);
    float[][] scene = scene(random);
    System.out.printf(Locale.ROOT, "TTM %s, N = %d, D = %d: bytes written per frame, mean of each %d frames%n",
        ttm.mode(), N, D, WRITE_WINDOW);
    System.out.println("frames   whole state B/frame (before)   index + new rows B/frame (after)   rows deleted/frame");
    long before = 0;
    long after = 0;
    long deleted = 0;
    for (int seq = 0; seq < frames; seq++) {
      merger.merge(seq, frame(scene, seq, random));
      before += ttmBytes((TemporalTokenMerger<?>) merger, noKryo);
      RowDelta delta = merger.lastDelta();
      after += indexBytes(merger, noKryo) + delta.addedCount() * rowBytes;
      deleted += delta.removedCount();
      int done = seq + 1;
      if (done % WRITE_WINDOW == 0 && (done == WRITE_WINDOW || done % 256 == 0 || done + WRITE_WINDOW > frames)) {
        System.out.printf(Locale.ROOT, "%6d   %28d   %32d   %18.1f%n", done, before / WRITE_WINDOW, after / WRITE_WINDOW,
            deleted / (double) WRITE_WINDOW);
      }
      if (done % WRITE_WINDOW == 0) {
        before = 0;
        after = 0;
        deleted = 0;
      }
    }
    System.out.println();
  }

  private static <I> long indexBytes(RowStoredMerger<I> merger, SerializerConfigImpl config) throws Exception {
    return serializedSize(merger.indexType(), merger.index(), config);
  }

  private static float[][] scene(Random random) {
    float[][] scene = new float[N][D];
    for (float[] row : scene) {
      for (int j = 0; j < D; j++) {
        row[j] = (float) random.nextGaussian();
      }
    }
    return scene;
  }

  /** The scene plus noise, with a tenth of the cells (a different tenth each frame) inverted. */
  private static float[][] frame(float[][] scene, int seq, Random random) {
    float[][] frame = new float[N][D];
    for (int c = 0; c < N; c++) {
      boolean changed = (c + seq) % 10 == 0;
      for (int j = 0; j < D; j++) {
        frame[c][j] = scene[c][j] * (changed ? -1 : 1) + 0.05f * (float) random.nextGaussian();
      }
    }
    return frame;
  }

  private static void run(int frames, int capacity, String policy) throws Exception {
    SerializerConfigImpl noKryo = new SerializerConfigImpl();
    noKryo.setGenericTypes(false);
    TemporalTokenMerger<?> merger = TemporalTokenMerger.create(TtmConfig.defaults());
    TokenCache cache = new TokenCache(TokenCacheConfig.of(capacity, Math.min(256, capacity), EvictionPolicy.named(policy)));
    Random random = new Random(7);
    float[][] scene = scene(random);
    System.out.printf(Locale.ROOT, "policy %s, C = %d, N = %d, D = %d%n", policy, capacity, N, D);
    // A stored row: its map key (a long) and the fp16 row as Flink's short[] serializer writes it.
    long rowBytes = Long.BYTES + serializedSize(short[].class, new short[D], noKryo);
    System.out.println("frames   cached   index B   rows B   ttm state B   total B/camera   cache B written/frame (whole cache)");
    for (int seq = 0; seq < frames; seq++) {
      float[][] frame = frame(scene, seq, random);
      MergeResult merged = merger.merge(seq, frame);
      cache.insert(merged);
      int done = seq + 1;
      if (done == 10 || done == 100 || done == 1_000 || done == 10_000 || done == frames) {
        long indexBytes = serializedSize(TokenCacheState.class, cache.snapshot(), noKryo);
        long rowsBytes = cache.size() * rowBytes;
        long ttmBytes = ttmBytes(merger, noKryo);
        // A frame's update writes the index and its own kept rows (evicted rows are deletes).
        long written = indexBytes + merged.keptCount() * rowBytes;
        System.out.printf(Locale.ROOT, "%6d   %6d   %7d   %6d   %11d   %14d   %10d (%d)%n", done, cache.size(), indexBytes,
            rowsBytes, ttmBytes, indexBytes + rowsBytes + ttmBytes, written, indexBytes + rowsBytes);
      }
    }
    System.out.println();
  }

  private static <S> long ttmBytes(TemporalTokenMerger<S> merger, SerializerConfigImpl config) throws Exception {
    return serializedSize(merger.stateType(), merger.snapshot(), config);
  }

  private static <T> long serializedSize(Class<T> type, T value, SerializerConfigImpl config) throws Exception {
    TypeSerializer<T> serializer = TypeInformation.of(type).createSerializer(config);
    DataOutputSerializer out = new DataOutputSerializer(1 << 20);
    serializer.serialize(value, out);
    return out.length();
  }
}
