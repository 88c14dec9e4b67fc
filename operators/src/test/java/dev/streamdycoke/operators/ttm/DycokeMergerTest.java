package dev.streamdycoke.operators.ttm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DycokeMergerTest {
  private static final int N = 10;
  private static final int D = 16;

  @Test
  void keepsAllAtPositionZeroAndFloorOfOneMinusKElsewhere() {
    Random random = new Random(1);
    DycokeMerger merger = new DycokeMerger(TtmConfig.defaults());
    for (long seq = 0; seq < 40; seq++) {
      MergeResult r = merger.merge(seq, TokenMatrices.random(random, 196, 32));
      int expected = seq % 4 == 0 ? 196 : 58;
      assertEquals(expected, r.keptCount(), "seq " + seq);
      assertEquals(196 - expected, r.prunedCount());
      assertEquals(seq % 4 == 0, r.anchor());
    }
  }

  @Test
  void keepCountIsFloorOfRetainedFraction() {
    assertEquals(58, TtmConfig.dycoke(0.7).keepCount(196));
    assertEquals(98, TtmConfig.dycoke(0.5).keepCount(196));
    assertEquals(137, TtmConfig.dycoke(0.3).keepCount(196));
    assertEquals(1, TtmConfig.dycoke(0.99).keepCount(10));
  }

  @Test
  void keepsTheLeastSimilarCellsAgainstTheRightReference() {
    Random random = new Random(2);
    DycokeMerger merger = new DycokeMerger(TtmConfig.dycoke(0.8)); // keeps 2 of 10
    float[][] p0 = TokenMatrices.random(random, N, D);

    float[][] p1 = TokenMatrices.copy(p0);
    p1[3] = TokenMatrices.negate(p0[3]);
    p1[7] = TokenMatrices.negate(p0[7]);

    float[][] p2 = TokenMatrices.copy(p0);
    p2[1] = TokenMatrices.negate(p0[1]);
    p2[5] = TokenMatrices.negate(p0[5]);
    p2[4] = p0[4].clone();
    p2[4][0] += 0.3f; // pruned, but no longer identical to p0

    // p3 equals p2's raw tokens except cells 2 and 8, which move half-way. Against p0, cells 1 and
    // 5 would be the least similar (cosine -1); against p2 they are identical.
    float[][] p3 = TokenMatrices.copy(p2);
    float[][] noise = TokenMatrices.random(random, N, D);
    for (int cell : new int[] {2, 8}) {
      for (int j = 0; j < D; j++) {
        p3[cell][j] = p2[cell][j] + noise[cell][j];
      }
    }

    MergeResult r0 = merger.merge(100, p0);
    assertTrue(r0.anchor());
    assertEquals(N, r0.keptCount());

    MergeResult r1 = merger.merge(101, p1);
    assertArrayEquals(new int[] {3, 7}, r1.keptCells());
    for (int i = 0; i < r1.prunedCount(); i++) {
      assertEquals(100, r1.mergedIntoSeq(i));
    }

    MergeResult r2 = merger.merge(102, p2);
    assertArrayEquals(new int[] {1, 5}, r2.keptCells());
    assertSame(p2[1], r2.keptEmbedding(0));

    MergeResult r3 = merger.merge(103, p3);
    assertArrayEquals(new int[] {2, 8}, r3.keptCells());
    // Pruned cells are represented by p2's token where p2 kept it, else by p0's.
    for (int i = 0; i < r3.prunedCount(); i++) {
      int cell = r3.mergedCell(i);
      long expected = cell == 1 || cell == 5 ? 102 : 100;
      assertEquals(expected, r3.mergedIntoSeq(i), "cell " + cell);
    }
  }

  /** A street: every cell its own fixed token; {@code objects} cells replaced by fresh ones. */
  private static float[][] street(float[][] background, Random random, int... objects) {
    float[][] frame = TokenMatrices.copy(background);
    for (int cell : objects) {
      frame[cell] = TokenMatrices.random(random, 1, D)[0];
    }
    return frame;
  }

  @Test
  void noveltyIsTheDistanceFromTheRunningBackgroundInAnchorsAndComparedFrames() {
    DycokeMerger merger = new DycokeMerger(TtmConfig.dycoke(0.5));
    Random random = new Random(11);
    float[][] background = TokenMatrices.random(random, N, D);
    for (int seq = 0; seq < 6; seq++) {
      merger.merge(seq, street(background, random));
    }
    // Position 2 (compared frame) and then 0 (anchor), each with an object in cell 4.
    for (int seq : new int[] {6, 8}) {
      if (seq == 8) {
        merger.merge(7, street(background, random));
      }
      float[][] frame = street(background, random, 4);
      MergeResult r = merger.merge(seq, frame);
      for (int i = 0; i < r.keptCount(); i++) {
        int cell = r.keptCell(i);
        if (cell == 4) {
          if (seq == 6) {
            // The running background is held in int8 (Int8Rows), about 1e-3 off in cosine.
            assertEquals(1 - TokenMatrices.cosine(frame[4], background[4]), r.novelty(i), 2e-3);
          }
          assertTrue(r.novelty(i) > 0.5f, "the object stands out: " + r.novelty(i));
        } else {
          assertEquals(0f, r.novelty(i), 1e-4, "static street, cell " + cell);
        }
      }
    }
  }

  @Test
  void aCellAnObjectJustLeftIsNotNovel() {
    // Compared with the frame before, the street where an object stood has changed; compared with
    // the background it has not, and DECAY should not keep it in place of the object.
    DycokeMerger merger = new DycokeMerger(TtmConfig.dycoke(0.9)); // keeps 1 of 10
    Random random = new Random(13);
    float[][] background = TokenMatrices.random(random, N, D);
    for (int seq = 0; seq < 6; seq++) {
      merger.merge(seq, street(background, random));
    }
    // Position 3 compares with position 2: the object stood there at seq 6 and has gone at 7.
    merger.merge(6, street(background, random, 2));
    MergeResult left = merger.merge(7, street(background, random));
    assertArrayEquals(new int[] {2}, left.keptCells(), "the change is what TTM keeps");
    assertTrue(left.novelty(0) < 0.2f, "but it is background: " + left.novelty(0));
  }

  @Test
  void aStreamsFirstFrameIsScoredAgainstItsOwnMeanToken() {
    DycokeMerger merger = new DycokeMerger(TtmConfig.dycoke(0.5));
    Random random = new Random(12);
    float[] street = TokenMatrices.random(random, 1, D)[0];
    float[][] first = new float[N][];
    for (int c = 0; c < N; c++) {
      first[c] = street.clone();
    }
    first[6] = TokenMatrices.negate(street);
    MergeResult r = merger.merge(0, first);
    assertTrue(r.novelty(6) > 1.5f, "opposite to the street: " + r.novelty(6));
    assertTrue(r.novelty(0) < 0.1f, "the street itself: " + r.novelty(0));
  }

  @Test
  void comparesPositionThreeWithRawPositionTwoTokensEvenWherePruned() {
    Random random = new Random(3);
    DycokeMerger merger = new DycokeMerger(TtmConfig.dycoke(0.9)); // keeps 1 of 10
    float[][] p0 = TokenMatrices.random(random, N, D);
    float[][] p2 = TokenMatrices.copy(p0);
    p2[0] = TokenMatrices.negate(p0[0]); // the one kept token
    p2[6][0] += 2f; // pruned at p2, yet its raw value is p3's reference
    float[][] p3 = TokenMatrices.copy(p2);
    p3[9][1] += 0.5f; // the only change against raw p2

    merger.merge(0, p0);
    assertArrayEquals(new int[] {0}, merger.merge(2, p2).keptCells());
    MergeResult r3 = merger.merge(3, p3);
    assertArrayEquals(new int[] {9}, r3.keptCells());
  }

  @Test
  void equalSimilaritiesKeepTheLowerCells() {
    Random random = new Random(4);
    DycokeMerger merger = new DycokeMerger(TtmConfig.dycoke(0.7));
    // Every cell the same row, so every cell's similarity is the same float.
    float[] row = TokenMatrices.random(random, 1, D)[0];
    float[][] frame = new float[N][];
    for (int c = 0; c < N; c++) {
      frame[c] = row.clone();
    }
    merger.merge(0, frame);
    assertArrayEquals(new int[] {0, 1, 2}, merger.merge(1, TokenMatrices.copy(frame)).keptCells());
  }

  @Test
  void windowsAlignOnAbsoluteSeqAndGapsMakeAnchors() {
    Random random = new Random(5);
    DycokeMerger merger = new DycokeMerger(TtmConfig.dycoke(0.5));
    // Starts mid-window: seq 5 is position 1 with no position 0, so it anchors window 1.
    assertTrue(merger.merge(5, TokenMatrices.random(random, N, D)).anchor());
    MergeResult r6 = merger.merge(6, TokenMatrices.random(random, N, D));
    assertFalse(r6.anchor());
    assertEquals(5, r6.mergedIntoSeq(0));
    assertFalse(merger.merge(7, TokenMatrices.random(random, N, D)).anchor());
    // Window 2 with position 2 missing: position 3 has no reference.
    assertTrue(merger.merge(8, TokenMatrices.random(random, N, D)).anchor());
    assertFalse(merger.merge(9, TokenMatrices.random(random, N, D)).anchor());
    assertTrue(merger.merge(11, TokenMatrices.random(random, N, D)).anchor());
    // Window 3 with position 1 missing: position 2 still compares with position 0.
    assertTrue(merger.merge(12, TokenMatrices.random(random, N, D)).anchor());
    assertEquals(5, merger.merge(14, TokenMatrices.random(random, N, D)).keptCount());
    // A whole window skipped: the next frame's window has nothing, so it anchors.
    assertTrue(merger.merge(21, TokenMatrices.random(random, N, D)).anchor());
  }

  @Test
  void stateHoldsOnlyTheWindowsReferenceFrames() {
    Random random = new Random(6);
    DycokeMerger merger = new DycokeMerger(TtmConfig.defaults());
    int[] expectedFrames = {1, 1, 2, 2};
    for (long seq = 0; seq < 16; seq++) {
      merger.merge(seq, TokenMatrices.random(random, N, D));
      assertEquals(expectedFrames[(int) (seq % 4)], merger.heldFrames(), "seq " + seq);
      assertEquals(expectedFrames[(int) (seq % 4)] * N, merger.heldTokens());
    }
    DycokeState state = merger.snapshot();
    assertEquals(N, state.anchorTokens.length);
    assertEquals(N, state.midTokens.length);
    assertEquals(12, state.anchorSeq);
    assertEquals(14, state.midSeq);
  }

  @Test
  void restoredStateMergesExactlyLikeTheOriginal() {
    Random random = new Random(7);
    float[][][] frames = new float[30][][];
    for (int i = 0; i < frames.length; i++) {
      frames[i] = TokenMatrices.random(random, N, D);
    }
    DycokeMerger original = new DycokeMerger(TtmConfig.dycoke(0.6));
    for (int i = 0; i < 14; i++) {
      original.merge(i, frames[i]);
    }
    DycokeMerger restored = new DycokeMerger(TtmConfig.dycoke(0.6));
    restored.restore(original.snapshot());
    for (int i = 14; i < frames.length; i++) {
      MergeResult a = original.merge(i, frames[i]);
      MergeResult b = restored.merge(i, frames[i]);
      assertArrayEquals(a.keptCells(), b.keptCells());
      assertArrayEquals(a.novelties(), b.novelties());
      for (int j = 0; j < a.prunedCount(); j++) {
        assertEquals(a.mergedInto(j), b.mergedInto(j));
      }
    }
  }

  @Test
  void rejectsNonIncreasingSeqAndRaggedFrames() {
    DycokeMerger merger = new DycokeMerger(TtmConfig.defaults());
    merger.merge(4, new float[][] {{1, 0}, {0, 1}});
    assertThrows(
        IllegalArgumentException.class, () -> merger.merge(4, new float[][] {{1, 0}, {0, 1}}));
    assertThrows(
        IllegalArgumentException.class, () -> merger.merge(5, new float[][] {{1, 0}, {0}}));
    assertThrows(IllegalArgumentException.class, () -> merger.merge(6, new float[0][]));
  }

  @Test
  void configRejectsOutOfRangeValues() {
    assertThrows(IllegalArgumentException.class, () -> TtmConfig.dycoke(1.0));
    assertThrows(IllegalArgumentException.class, () -> TtmConfig.dycoke(-0.1));
    assertThrows(IllegalArgumentException.class, () -> TtmConfig.threshold(1.5, 16));
    assertThrows(IllegalArgumentException.class, () -> TtmConfig.threshold(0.9, 0));
    assertEquals(TtmMode.THRESHOLD, TtmConfig.parseMode("threshold"));
    assertTrue(TemporalTokenMerger.create(TtmConfig.threshold(0.9, 16)) instanceof ThresholdMerger);
  }
}
