package dev.streamdycoke.operators.ttm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ThresholdMergerTest {
  private static final int N = 20;
  private static final int D = 16;

  @Test
  void staticSceneKeepsOneTokenBetweenAnchorsAndAllAtAnchors() {
    Random random = new Random(1);
    float[][] scene = TokenMatrices.random(random, N, D);
    ThresholdMerger merger = new ThresholdMerger(TtmConfig.threshold(0.9, 16));
    int total = 0;
    for (long seq = 0; seq < 48; seq++) {
      float[][] frame = TokenMatrices.copy(scene);
      frame[seq % 2 == 0 ? 3 : 4][0] += 0.01f; // sensor noise far above tau
      MergeResult r = merger.merge(seq, frame);
      boolean anchor = seq % 16 == 0;
      assertEquals(anchor, r.anchor(), "seq " + seq);
      assertEquals(anchor ? N : 1, r.keptCount(), "seq " + seq);
      total += r.keptCount();
    }
    assertEquals(3 * N + 45, total);
  }

  @Test
  void changedCellsAreKeptAndBecomeTheReference() {
    Random random = new Random(2);
    float[][] scene = TokenMatrices.random(random, N, D);
    ThresholdMerger merger = new ThresholdMerger(TtmConfig.threshold(0.9, 16));
    merger.merge(0, scene);
    float[][] moved = TokenMatrices.copy(scene);
    moved[4] = TokenMatrices.negate(scene[4]);
    moved[9] = TokenMatrices.random(random, 1, D)[0];
    MergeResult r1 = merger.merge(1, moved);
    assertArrayEquals(new int[] {4, 9}, r1.keptCells());
    assertEquals(2f, r1.novelty(0), 1e-5);
    assertEquals(0, r1.mergedIntoSeq(0));

    // The same moved scene again: cells 4 and 9 now match their new references from seq 1.
    MergeResult r2 = merger.merge(2, TokenMatrices.copy(moved));
    assertEquals(1, r2.keptCount());
    for (int i = 0; i < r2.prunedCount(); i++) {
      int cell = r2.mergedCell(i);
      long expected = cell == 4 || cell == 9 ? 1 : (cell == r2.keptCell(0) ? -1 : 0);
      assertEquals(expected, r2.mergedIntoSeq(i), "cell " + cell);
    }
  }

  @Test
  void keptTokensAreScoredAgainstTheBackgroundNotAgainstTheirReference() {
    Random random = new Random(6);
    ThresholdMerger merger = new ThresholdMerger(TtmConfig.threshold(0.9, 100));
    float[][] street = TokenMatrices.random(random, N, D);
    for (int seq = 0; seq < 5; seq++) {
      merger.merge(seq, TokenMatrices.copy(street));
    }
    float[][] withObject = TokenMatrices.copy(street);
    withObject[7] = TokenMatrices.negate(street[7]);
    MergeResult arrived = merger.merge(5, withObject);
    assertArrayEquals(new int[] {7}, arrived.keptCells());
    assertTrue(arrived.novelty(0) > 1.5f, "the object: " + arrived.novelty(0));
    // The object leaves: the cell changes again, and TTM keeps it, but it shows the street.
    MergeResult left = merger.merge(6, TokenMatrices.copy(street));
    assertArrayEquals(new int[] {7}, left.keptCells());
    assertTrue(left.novelty(0) < 0.1f, "the street again: " + left.novelty(0));
  }

  @Test
  void anchorPeriodCountsSeqSoGapsBringTheAnchorForward() {
    Random random = new Random(3);
    float[][] scene = TokenMatrices.random(random, N, D);
    ThresholdMerger merger = new ThresholdMerger(TtmConfig.threshold(0.9, 16));
    assertTrue(merger.merge(0, scene).anchor());
    assertFalse(merger.merge(10, TokenMatrices.copy(scene)).anchor());
    assertTrue(merger.merge(16, TokenMatrices.copy(scene)).anchor());
    assertTrue(merger.merge(40, TokenMatrices.copy(scene)).anchor());
  }

  @Test
  void stateHoldsOneReferenceTokenPerCell() {
    Random random = new Random(4);
    ThresholdMerger merger = new ThresholdMerger(TtmConfig.threshold(0.5, 16));
    assertEquals(0, merger.heldTokens());
    for (long seq = 0; seq < 40; seq++) {
      merger.merge(seq, TokenMatrices.random(random, N, D));
      assertEquals(N, merger.heldTokens());
    }
    ThresholdState state = merger.snapshot();
    assertEquals(N, state.reference.length);
    assertEquals(N, state.referenceSeq.length);
    assertEquals(32, state.lastAnchorSeq);
  }

  @Test
  void restoredStateMergesExactlyLikeTheOriginalAndSnapshotsDoNotMove() {
    Random random = new Random(5);
    float[][] scene = TokenMatrices.random(random, N, D);
    float[][][] frames = new float[40][][];
    for (int i = 0; i < frames.length; i++) {
      frames[i] = TokenMatrices.copy(scene);
      frames[i][random.nextInt(N)] = TokenMatrices.random(random, 1, D)[0];
    }
    ThresholdMerger original = new ThresholdMerger(TtmConfig.threshold(0.9, 16));
    for (int i = 0; i < 20; i++) {
      original.merge(i, frames[i]);
    }
    ThresholdState snapshot = original.snapshot();
    long[] seqsAtSnapshot = snapshot.referenceSeq.clone();
    ThresholdMerger restored = new ThresholdMerger(TtmConfig.threshold(0.9, 16));
    restored.restore(snapshot);
    for (int i = 20; i < frames.length; i++) {
      MergeResult a = original.merge(i, frames[i]);
      MergeResult b = restored.merge(i, frames[i]);
      assertArrayEquals(a.keptCells(), b.keptCells());
      assertArrayEquals(a.novelties(), b.novelties());
    }
    assertArrayEquals(seqsAtSnapshot, snapshot.referenceSeq);
  }
}
