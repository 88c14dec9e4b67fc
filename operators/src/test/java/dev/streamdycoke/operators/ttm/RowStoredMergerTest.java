package dev.streamdycoke.operators.ttm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The row-stored form of merging state: applying each merge's delta to a row store keeps exactly
 * the referenced rows, and a merger restored from the index and that store merges like the
 * original.
 */
class RowStoredMergerTest {
  private static final int N = 12;
  private static final int D = 8;

  /** A scene where a few cells change per frame, so threshold mode keeps some cells and not others. */
  private static float[][][] stream(int length, long seed) {
    Random random = new Random(seed);
    float[][] scene = TestFrames.random(random, N, D);
    float[][][] frames = new float[length][][];
    for (int i = 0; i < length; i++) {
      frames[i] = TestFrames.copy(scene);
      for (int j = 0; j < 3; j++) {
        frames[i][random.nextInt(N)] = TestFrames.random(random, 1, D)[0];
      }
    }
    return frames;
  }

  private static void apply(RowDelta delta, Map<Long, float[]> rows) {
    for (int i = 0; i < delta.removedCount(); i++) {
      assertTrue(rows.remove(delta.removedKey(i)) != null, "removes only stored rows");
    }
    for (int i = 0; i < delta.addedCount(); i++) {
      assertTrue(rows.put(delta.addedKey(i), delta.addedRow(i)) == null, "adds each row once");
    }
  }

  @Test
  void dycokeStoresAtMostTwoFramesAndWritesRowsOnlyAtPositionsZeroAndTwo() {
    DycokeMerger merger = new DycokeMerger(TtmConfig.dycoke(0.5));
    Map<Long, float[]> rows = new HashMap<>();
    float[][][] frames = stream(40, 1);
    for (int seq = 0; seq < frames.length; seq++) {
      merger.merge(seq, frames[seq]);
      RowDelta delta = merger.lastDelta();
      apply(delta, rows);
      int position = seq % 4;
      assertEquals(position == 0 || position == 2 ? N : 0, delta.addedCount(), "seq " + seq);
      assertEquals(position == 0 && seq > 0 ? 2 * N : 0, delta.removedCount(), "seq " + seq);
      assertEquals(merger.heldTokens(), rows.size());
      assertTrue(rows.size() <= 2 * N);
    }
  }

  @Test
  void dycokeStoresAFrameThatIsBothAnchorAndMidOnce() {
    DycokeMerger merger = new DycokeMerger(TtmConfig.dycoke(0.5));
    Map<Long, float[]> rows = new HashMap<>();
    float[][][] frames = stream(8, 2);
    merger.merge(2, frames[0]);
    apply(merger.lastDelta(), rows);
    assertEquals(N, rows.size());
    merger.merge(3, frames[1]);
    apply(merger.lastDelta(), rows);
    DycokeMerger restored = new DycokeMerger(TtmConfig.dycoke(0.5));
    restored.restore(merger.index(), rows::get);
    DycokeState state = restored.snapshot();
    assertSame(state.anchorTokens, state.midTokens);
    merger.merge(4, frames[2]);
    apply(merger.lastDelta(), rows);
    assertEquals(N, rows.size());
    assertTrue(rows.containsKey(RowKey.of(4, 0)));
  }

  @Test
  void thresholdStoresOneRowPerCellAndWritesOnlyKeptCells() {
    ThresholdMerger merger = new ThresholdMerger(TtmConfig.threshold(0.9, 16));
    Map<Long, float[]> rows = new HashMap<>();
    float[][][] frames = stream(50, 3);
    for (int seq = 0; seq < frames.length; seq++) {
      MergeResult result = merger.merge(seq, frames[seq]);
      RowDelta delta = merger.lastDelta();
      apply(delta, rows);
      assertEquals(result.keptCount(), delta.addedCount(), "seq " + seq);
      assertEquals(seq == 0 ? 0 : result.keptCount(), delta.removedCount(), "seq " + seq);
      assertEquals(N, rows.size());
      ThresholdState state = merger.snapshot();
      for (int c = 0; c < N; c++) {
        assertSame(state.reference[c], rows.get(RowKey.of(state.referenceSeq[c], c)));
      }
    }
  }

  @Test
  void restoredFromIndexAndRowsMergesLikeTheOriginal() {
    for (TtmConfig config : new TtmConfig[] {TtmConfig.dycoke(0.6), TtmConfig.threshold(0.9, 8)}) {
      for (int cut = 1; cut < 12; cut++) {
        float[][][] frames = stream(30, 10 + cut);
        RowStoredMerger<?> original = RowStoredMerger.create(config);
        Map<Long, float[]> rows = new HashMap<>();
        for (int seq = 0; seq < cut; seq++) {
          original.merge(seq, frames[seq]);
          apply(original.lastDelta(), rows);
        }
        RowStoredMerger<?> restored = restoredCopy(original, config, rows);
        for (int seq = cut; seq < frames.length; seq++) {
          MergeResult a = original.merge(seq, frames[seq]);
          MergeResult b = restored.merge(seq, frames[seq]);
          apply(restored.lastDelta(), rows);
          assertArrayEquals(a.keptCells(), b.keptCells(), config + " cut " + cut + " seq " + seq);
          assertArrayEquals(a.novelties(), b.novelties());
          for (int j = 0; j < a.prunedCount(); j++) {
            assertEquals(a.mergedInto(j), b.mergedInto(j));
          }
          // Each frame goes through a fresh restore, as the keyed wiring does.
          restored = restoredCopy(restored, config, rows);
        }
      }
    }
  }

  private static <I> RowStoredMerger<?> restoredCopy(RowStoredMerger<I> from, TtmConfig config, Map<Long, float[]> rows) {
    @SuppressWarnings("unchecked")
    RowStoredMerger<I> to = (RowStoredMerger<I>) RowStoredMerger.create(config);
    to.restore(from.index(), rows::get);
    assertEquals(from.lastSeqOf(from.index()), to.lastSeqOf(to.index()));
    return to;
  }

  @Test
  void aMissingRowFailsTheRestore() {
    DycokeMerger merger = new DycokeMerger(TtmConfig.dycoke(0.5));
    merger.merge(0, stream(1, 4)[0]);
    DycokeIndex index = merger.index();
    assertThrows(IllegalStateException.class, () -> new DycokeMerger(TtmConfig.dycoke(0.5)).restore(index, key -> null));
  }

  @Test
  void rowKeysRoundTripAndSortBySeqThenCell() {
    for (long seq : new long[] {-5, -1, 0, 7, 1L << 40}) {
      for (int cell : new int[] {0, 1, 195, (1 << 20) - 1}) {
        long key = RowKey.of(seq, cell);
        assertEquals(seq, RowKey.seq(key));
        assertEquals(cell, RowKey.cell(key));
      }
    }
    assertTrue(RowKey.of(-1, 195) < RowKey.of(0, 0));
    assertTrue(RowKey.of(3, 195) < RowKey.of(4, 0));
  }
}
