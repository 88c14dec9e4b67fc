package dev.streamdycoke.benchmarks.operators;

import dev.streamdycoke.operators.cache.CacheHeader;
import dev.streamdycoke.operators.cache.CachedFrame;
import dev.streamdycoke.operators.cache.EvictionPolicy;
import dev.streamdycoke.operators.cache.FrameScores;
import dev.streamdycoke.operators.cache.IndexChanges;
import dev.streamdycoke.operators.cache.TokenCache;
import dev.streamdycoke.operators.cache.TokenCacheConfig;
import dev.streamdycoke.operators.ttm.DycokeMerger;
import dev.streamdycoke.operators.ttm.DycokeState;
import dev.streamdycoke.operators.ttm.DycokeStateParts;
import dev.streamdycoke.operators.ttm.DycokeWindow;
import dev.streamdycoke.operators.ttm.Int8Frame;
import dev.streamdycoke.operators.ttm.MergeResult;
import dev.streamdycoke.operators.ttm.ReferencePrecision;
import dev.streamdycoke.operators.ttm.TtmConfig;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Keyed state bytes per camera over stream length, and the bytes each frame writes, each value
 * serialized with the Flink serializer the job uses for it (PojoSerializer, no Kryo): the token
 * cache (its index and one fp16 row per cached token) and DyCoke's references in the layout of the
 * encode operator (a small window value every frame; the anchor, position-2 and background frames,
 * int8 with a scale per row, only when a frame replaces them). Evicted rows and dropped frames are
 * deletes, counted as 0 bytes. Frames are a static scene plus noise with a few changing cells, at N
 * = 196 and D = 896 (LLaVA-OneVision 0.5B).
 *
 * <p>Each policy ends with the bytes written per frame averaged over the steady stream: whole
 * windows of frames from the first frame that found the cache full, per state (named as the
 * operators name them) and in total. Float-reference and binary16-reference mergers run beside the
 * int8 one on the same frames, to count how often each rounding changes a keep/merge decision, and
 * how far it moves the novelty of kept tokens.
 *
 * <pre>
 * tools/run-benchmark.sh dev.streamdycoke.benchmarks.operators.StateSizeBenchmark 400 1024
 * </pre>
 */
public final class StateSizeBenchmark {
  private static final int N = 196;
  private static final int D = 896;
  private static final int WINDOW = 4;

  private final SerializerConfigImpl noKryo = new SerializerConfigImpl();

  private StateSizeBenchmark() {
    noKryo.setGenericTypes(false);
  }

  public static void main(String[] args) throws Exception {
    int frames = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    int capacity = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
    StateSizeBenchmark benchmark = new StateSizeBenchmark();
    for (String policy : new String[] {"fifo", "lrr", "decay"}) {
      benchmark.run(frames, capacity, policy);
    }
  }

  private void run(int frames, int capacity, String policy) throws Exception {
    DycokeMerger merger = new DycokeMerger(TtmConfig.defaults());
    DycokeMerger floatMerger = new DycokeMerger(TtmConfig.defaults(), ReferencePrecision.FLOAT);
    DycokeMerger binary16Merger =
        new DycokeMerger(TtmConfig.defaults(), ReferencePrecision.BINARY16);
    Agreement int8 = new Agreement("int8");
    Agreement binary16 = new Agreement("binary16");
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
    long rowBytes = Long.BYTES + serializedSize(short[].class, new short[D]);
    // Bytes written per state name over the steady stream.
    Map<String, Long> byState = new LinkedHashMap<>();
    // Bytes each stored index value takes, by frame seq, for the stored index size.
    Map<Long, Long> indexValues = new java.util.HashMap<>();
    System.out.println(
        "frames   cached   index B   rows B   ttm state B   total B/camera   written B: ttm   cache");
    long steadyFrom = -1;
    long ttmWritten = 0;
    long cacheWritten = 0;
    long steadyFrames = 0;
    for (int seq = 0; seq < frames; seq++) {
      float[][] frame = new float[N][D];
      for (int c = 0; c < N; c++) {
        boolean changed = (c + seq) % 10 == 0;
        for (int j = 0; j < D; j++) {
          frame[c][j] = scene[c][j] * (changed ? -1 : 1) + 0.05f * (float) random.nextGaussian();
        }
      }
      DycokeState before = merger.snapshot();
      MergeResult merged = merger.merge(seq, frame);
      DycokeState after = merger.snapshot();
      MergeResult floatMerged = floatMerger.merge(seq, frame);
      int8.add(merged, floatMerged);
      binary16.add(binary16Merger.merge(seq, frame), floatMerged);
      boolean full = cache.size() == capacity;
      cache.insert(merged);
      Map<String, Long> written = new LinkedHashMap<>();
      long ttmBytes = ttmWrittenBytes(before, after, written);
      // A frame's cache update writes the index header, the record of the frame, the side values
      // of the frames it evicted from or supported, and its own kept rows (evicted rows and the
      // records of frames left without tokens are deletes).
      IndexChanges changes = cache.changes();
      long indexWritten = indexWrittenBytes(changes, written, indexValues);
      long rowsWritten = merged.keptCount() * rowBytes;
      written.put("token-cache-rows", rowsWritten);
      long indexBytes = serializedSize(CacheHeader.class, changes.header());
      for (long b : indexValues.values()) {
        indexBytes += b;
      }
      long cacheBytes = indexWritten + rowsWritten;
      if (steadyFrom < 0 && full && seq % WINDOW == 0) {
        steadyFrom = seq;
      }
      if (steadyFrom >= 0 && seq < frames - Math.floorMod(frames - steadyFrom, WINDOW)) {
        ttmWritten += ttmBytes;
        cacheWritten += cacheBytes;
        steadyFrames++;
        written.forEach((name, bytes) -> byState.merge(name, bytes, Long::sum));
      }
      int done = seq + 1;
      if (done == 10 || done == 100 || done == 1_000 || done == 10_000 || done == frames) {
        long rowsBytes = cache.size() * rowBytes;
        long ttmStored = ttmStoredBytes(after);
        System.out.printf(
            Locale.ROOT,
            "%6d   %6d   %7d   %6d   %11d   %14d   %14d   %5d%n",
            done,
            cache.size(),
            indexBytes,
            rowsBytes,
            ttmStored,
            indexBytes + rowsBytes + ttmStored,
            ttmBytes,
            cacheBytes);
      }
    }
    binary16.print();
    int8.print();
    if (steadyFrames == 0) {
      System.out.println("the cache never filled: no steady stream to average over");
    } else {
      long ttm = Math.round((double) ttmWritten / steadyFrames);
      long cacheAvg = Math.round((double) cacheWritten / steadyFrames);
      StringBuilder states = new StringBuilder("bytes written per frame by state:");
      for (Map.Entry<String, Long> e : byState.entrySet()) {
        states.append(
            String.format(
                Locale.ROOT, " %s %.1f", e.getKey(), (double) e.getValue() / steadyFrames));
      }
      System.out.println(states);
      System.out.printf(
          Locale.ROOT,
          "averaged over %d frames from seq %d%n"
              + "state bytes written per frame per camera: %d (ttm %d, cache %d)%n",
          steadyFrames,
          steadyFrom,
          ttm + cacheAvg,
          ttm,
          cacheAvg);
    }
    System.out.println();
  }

  /** How often references of one width decide as float references do, on the same frames. */
  private static final class Agreement {
    private final String name;
    private long sameFrames;
    private long comparedFrames;
    private long sameTokens;
    private long comparedTokens;
    private double noveltyError;
    private long scoredTokens;

    Agreement(String name) {
      this.name = name;
    }

    void add(MergeResult merged, MergeResult floatMerged) {
      if (!merged.anchor()) {
        comparedFrames++;
        comparedTokens += N;
        boolean[] kept = keptCells(merged);
        boolean[] floatKept = keptCells(floatMerged);
        sameFrames += Arrays.equals(kept, floatKept) ? 1 : 0;
        for (int c = 0; c < N; c++) {
          sameTokens += kept[c] == floatKept[c] ? 1 : 0;
        }
      }
      float[] floatNovelty = new float[N];
      for (int i = 0; i < floatMerged.keptCount(); i++) {
        floatNovelty[floatMerged.keptCell(i)] = floatMerged.novelty(i) + 1f;
      }
      for (int i = 0; i < merged.keptCount(); i++) {
        float reference = floatNovelty[merged.keptCell(i)];
        if (reference > 0f) {
          noveltyError += Math.abs(merged.novelty(i) - (reference - 1f));
          scoredTokens++;
        }
      }
    }

    void print() {
      System.out.printf(
          Locale.ROOT,
          "%s references: same kept cells as float references on %d of %d compared frames,"
              + " same keep/merge decision for %.4f %% of their tokens,"
              + " novelty off by %.5f on average%n",
          name,
          sameFrames,
          comparedFrames,
          100.0 * sameTokens / Math.max(1, comparedTokens),
          noveltyError / Math.max(1, scoredTokens));
    }
  }

  private static boolean[] keptCells(MergeResult merged) {
    boolean[] kept = new boolean[N];
    for (int i = 0; i < merged.keptCount(); i++) {
      kept[merged.keptCell(i)] = true;
    }
    return kept;
  }

  /**
   * What the encode operator writes for one frame: the window, and each frame it replaced; added to
   * {@code written} by state name.
   */
  private long ttmWrittenBytes(DycokeState before, DycokeState after, Map<String, Long> written)
      throws Exception {
    DycokeStateParts.Changes changed = DycokeStateParts.between(before, after);
    written.put(
        "ttm-int8-window", serializedSize(DycokeWindow.class, DycokeStateParts.window(after)));
    written.put(
        "ttm-int8-anchor", changed.anchor() ? frameBytes(DycokeStateParts.anchor(after)) : 0);
    written.put("ttm-int8-mid", changed.mid() ? frameBytes(DycokeStateParts.mid(after)) : 0);
    written.put(
        "ttm-int8-background",
        changed.background() ? frameBytes(DycokeStateParts.background(after)) : 0);
    long bytes = 0;
    for (long b : written.values()) {
      bytes += b;
    }
    return bytes;
  }

  /**
   * What the answer operator writes of a cache's index for one set of changes, map keys included;
   * added to {@code written} by state name.
   */
  private long indexWrittenBytes(
      IndexChanges changes, Map<String, Long> written, Map<Long, Long> stored) throws Exception {
    long header = serializedSize(CacheHeader.class, changes.header());
    // Stored values by frame seq and state, for the stored size: state index in the low bits.
    if (changes.whole()) {
      stored.clear();
    }
    for (Long frame : changes.removed()) {
      for (int state = 0; state < 4; state++) {
        stored.remove(frame * 4 + state);
      }
    }
    long frames = 0;
    for (Map.Entry<Long, CachedFrame> f : changes.frames().entrySet()) {
      long b = Long.BYTES + serializedSize(CachedFrame.class, f.getValue());
      stored.put(f.getKey() * 4, b);
      frames += b;
    }
    long present = 0;
    for (Map.Entry<Long, byte[]> f : changes.present().entrySet()) {
      long b = Long.BYTES + serializedSize(byte[].class, f.getValue());
      stored.put(f.getKey() * 4 + 1, b);
      present += b;
    }
    long support = 0;
    for (Map.Entry<Long, byte[]> f : changes.support().entrySet()) {
      long b = Long.BYTES + serializedSize(byte[].class, f.getValue());
      stored.put(f.getKey() * 4 + 2, b);
      support += b;
    }
    long scores = 0;
    for (Map.Entry<Long, FrameScores> f : changes.scores().entrySet()) {
      long b = Long.BYTES + serializedSize(FrameScores.class, f.getValue());
      stored.put(f.getKey() * 4 + 3, b);
      scores += b;
    }
    written.put("token-cache-header", header);
    written.put("token-cache-frames", frames);
    written.put("token-cache-present", present);
    written.put("token-cache-support", support);
    written.put("token-cache-scores", scores);
    return header + frames + present + support + scores;
  }

  private long ttmStoredBytes(DycokeState s) throws Exception {
    return serializedSize(DycokeWindow.class, DycokeStateParts.window(s))
        + frameBytes(DycokeStateParts.anchor(s))
        + frameBytes(DycokeStateParts.mid(s))
        + frameBytes(DycokeStateParts.background(s));
  }

  private long frameBytes(Int8Frame frame) throws Exception {
    return frame == null ? 0 : serializedSize(Int8Frame.class, frame);
  }

  private <T> long serializedSize(Class<T> type, T value) throws Exception {
    TypeSerializer<T> serializer = TypeInformation.of(type).createSerializer(noKryo);
    DataOutputSerializer out = new DataOutputSerializer(1 << 20);
    serializer.serialize(value, out);
    return out.length();
  }
}
