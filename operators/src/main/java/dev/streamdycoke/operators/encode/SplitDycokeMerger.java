package dev.streamdycoke.operators.encode;

import dev.streamdycoke.operators.ttm.DycokeMerger;
import dev.streamdycoke.operators.ttm.DycokeState;
import dev.streamdycoke.operators.ttm.DycokeStateParts;
import dev.streamdycoke.operators.ttm.DycokeWindow;
import dev.streamdycoke.operators.ttm.Int8Frame;
import dev.streamdycoke.operators.ttm.MergeResult;
import dev.streamdycoke.operators.ttm.TtmConfig;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/**
 * DyCoke's keyed merger: a camera's state is four values, so a frame writes only what it changes.
 * The window ({@link DycokeWindow}, a few longs) is rewritten every frame; the anchor at window
 * position 0 (or the window's first frame), the position-2 frame at position 2 and the background
 * at its refreshes, each as int8 rows with a scale per row ({@link Int8Frame}, a quarter of float).
 * With RocksDB every update serializes its whole value, which is why one value holding all three
 * frames in float cost about 2.1 MB per frame at N = 196, D = 896.
 *
 * <p><b>Reads.</b> A frame reads the window, then the frames it needs: none when the camera is in
 * the read cache with the same window, otherwise the background and, if the frame is in the stored
 * anchor's window, the anchor and position-2 frames. At most four point lookups, never one per
 * token. The read cache holds the references of recently merged cameras in memory, bounded in
 * bytes; it is checked against the stored window on every frame, so it can never serve state that
 * keyed state no longer holds, and it starts empty after a restore.
 *
 * <p><b>Older savepoints.</b> Two layouts came before this one: the same four values with binary16
 * rows under other names ({@link Binary16Layout}), and before it the whole {@link DycokeState},
 * float rows, in one value named {@value KeyedMerger#STATE_NAME}. Both are still registered: a
 * camera without a window in this layout whose old state exists is migrated on its first frame
 * (rounded to int8, written in this layout, the old values cleared).
 */
final class SplitDycokeMerger extends KeyedMerger {
  static final String WINDOW = "ttm-int8-window";
  static final String ANCHOR = "ttm-int8-anchor";
  static final String MID = "ttm-int8-mid";
  static final String BACKGROUND = "ttm-int8-background";
  static final List<String> STATE_NAMES = List.of(WINDOW, ANCHOR, MID, BACKGROUND);

  /** Read cache budget per subtask: about 60 cameras at D = 896, thousands at the tiny width. */
  static final long DEFAULT_CACHE_BYTES = 128L << 20;

  private static final int WINDOW_FRAMES = 4;
  private static final long WINDOW_BYTES = 6 * Long.BYTES;

  private final DycokeMerger merger;
  private final Supplier<Object> currentKey;
  private final ValueState<DycokeWindow> window;
  private final ValueState<Int8Frame> anchor;
  private final ValueState<Int8Frame> mid;
  private final ValueState<Int8Frame> background;
  private final Binary16Layout binary16;
  private final ValueState<DycokeState> legacy;
  private final ReadCache cache;
  private long bytesWritten;

  SplitDycokeMerger(
      TtmConfig config, RuntimeContext context, Supplier<Object> currentKey, long cacheBytes) {
    this.merger = new DycokeMerger(config);
    this.currentKey = currentKey;
    this.window = context.getState(new ValueStateDescriptor<>(WINDOW, DycokeWindow.class));
    this.anchor = context.getState(new ValueStateDescriptor<>(ANCHOR, Int8Frame.class));
    this.mid = context.getState(new ValueStateDescriptor<>(MID, Int8Frame.class));
    this.background = context.getState(new ValueStateDescriptor<>(BACKGROUND, Int8Frame.class));
    this.binary16 = new Binary16Layout(context);
    this.legacy = context.getState(new ValueStateDescriptor<>(STATE_NAME, DycokeState.class));
    this.cache = new ReadCache(cacheBytes);
  }

  @Override
  public long lastSeq() throws Exception {
    DycokeWindow w = window.value();
    if (w != null) {
      return w.lastSeq;
    }
    DycokeWindow binary16Window = binary16.window();
    if (binary16Window != null) {
      return binary16Window.lastSeq;
    }
    DycokeState old = legacy.value();
    return old == null ? Long.MIN_VALUE : old.lastSeq;
  }

  @Override
  public MergeResult merge(long seq, float[][] tokens) throws Exception {
    Object key = currentKey.get();
    DycokeWindow stored = window.value();
    DycokeState before = load(key, stored, seq);
    boolean migrated = stored == null && before.lastSeq != Long.MIN_VALUE;
    merger.restore(before);
    MergeResult result = merger.merge(seq, tokens);
    DycokeState after = merger.snapshot();

    DycokeStateParts.Changes changed = DycokeStateParts.between(before, after);
    boolean hadAnchor = stored != null && stored.hasAnchor;
    boolean hadMid = stored != null && stored.hasMid;
    boolean hadBackground = stored != null && stored.hasBackground;
    write(anchor, migrated || changed.anchor(), hadAnchor, DycokeStateParts.anchor(after));
    write(mid, migrated || changed.mid(), hadMid, DycokeStateParts.mid(after));
    write(
        background,
        migrated || changed.background(),
        hadBackground,
        DycokeStateParts.background(after));
    DycokeWindow written = DycokeStateParts.window(after);
    window.update(written);
    bytesWritten += WINDOW_BYTES;
    if (migrated) {
      binary16.clear();
      legacy.clear();
    }
    cache.put(key, written, after);
    return result;
  }

  /**
   * Writes a frame that changed, clears one that is gone. A frame that was not loaded because the
   * window moved on (see {@link #load}) is null in both states yet still stored: it is cleared.
   */
  private void write(ValueState<Int8Frame> state, boolean changed, boolean stored, Int8Frame frame)
      throws Exception {
    if (frame == null) {
      if (stored) {
        state.clear();
      }
    } else if (changed) {
      state.update(frame);
      bytesWritten += frame.approximateBytes();
    }
  }

  /** The camera's state before the frame {@code seq}, from the read cache or keyed state. */
  private DycokeState load(Object key, DycokeWindow stored, long seq) throws Exception {
    if (stored == null) {
      cache.remove(key);
      DycokeWindow binary16Window = binary16.window();
      if (binary16Window != null) {
        return binary16.read(binary16Window);
      }
      DycokeState old = legacy.value();
      return old == null ? new DycokeState() : DycokeStateParts.fromLegacy(old);
    }
    DycokeState cached = cache.get(key, stored);
    if (cached != null) {
      return cached;
    }
    // A frame past the anchor's window drops the anchor and position 2 unread.
    boolean live =
        stored.hasAnchor
            && Math.floorDiv(stored.anchorSeq, WINDOW_FRAMES) == Math.floorDiv(seq, WINDOW_FRAMES);
    DycokeWindow reading = new DycokeWindow();
    reading.lastSeq = stored.lastSeq;
    reading.anchorSeq = stored.anchorSeq;
    reading.midSeq = stored.midSeq;
    reading.hasAnchor = live;
    reading.hasMid = live && stored.hasMid;
    reading.hasBackground = stored.hasBackground;
    return DycokeStateParts.join(
        reading,
        reading.hasAnchor ? anchor.value() : null,
        reading.hasMid ? mid.value() : null,
        reading.hasBackground ? background.value() : null);
  }

  @Override
  public void clear() {
    cache.remove(currentKey.get());
    window.clear();
    anchor.clear();
    mid.clear();
    background.clear();
    binary16.clear();
    legacy.clear();
  }

  @Override
  public long bytesWritten() {
    return bytesWritten;
  }

  /**
   * Recently merged cameras' states, least recently used evicted past a byte budget. An entry
   * serves a frame only if its window equals the stored one.
   */
  private static final class ReadCache {
    private record Entry(DycokeWindow window, DycokeState state, long bytes) {}

    private final long budget;
    private final Map<Object, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    ReadCache(long budget) {
      this.budget = budget;
    }

    DycokeState get(Object key, DycokeWindow stored) {
      Entry e = entries.get(key);
      return e != null && e.window.sameAs(stored) ? e.state : null;
    }

    void put(Object key, DycokeWindow window, DycokeState state) {
      remove(key);
      long size = sizeOf(state);
      if (size > budget) {
        return;
      }
      entries.put(key, new Entry(window, state, size));
      bytes += size;
      Iterator<Entry> eldest = entries.values().iterator();
      while (bytes > budget && eldest.hasNext()) {
        bytes -= eldest.next().bytes;
        eldest.remove();
      }
    }

    void remove(Object key) {
      Entry e = entries.remove(key);
      if (e != null) {
        bytes -= e.bytes;
      }
    }

    private static long sizeOf(DycokeState s) {
      return 64
          + rows(s.anchorTokens)
          + rows(s.midTokens)
          + rows(s.background == null ? null : s.background.rows);
    }

    private static long rows(float[][] rows) {
      return rows == null || rows.length == 0 ? 0 : (long) rows.length * (16 + 4L * rows[0].length);
    }
  }
}
