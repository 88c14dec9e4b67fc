package dev.streamdycoke.operators.ttm;

import java.util.Arrays;

/**
 * DyCoke's temporal token merging, streamed (docs/algorithms.md section 1.1, mode {@code dycoke}).
 *
 * <p><b>Window alignment.</b> Windows are aligned on absolute seq: window {@code floorDiv(seq, 4)},
 * position {@code floorMod(seq, 4)}. A stream starting at an arbitrary seq therefore joins its
 * first window part-way, and a restart or a gap never shifts the phase.
 *
 * <p><b>References and gaps.</b> Positions 1 and 2 compare with the window's first frame (normally
 * position 0), position 3 compares with position 2. A frame whose reference is missing — the first
 * frame seen in a window, or position 3 after a missing position 2 — is an anchor: all tokens kept.
 * A window's first frame becomes its reference for positions 1 and 2, so a window entered at
 * position 1 behaves like one whose position 0 was that frame. A frame whose shape differs from its
 * reference's is an anchor too and restarts the window's state.
 *
 * <p>Kept tokens' novelty, the score eviction starts from, is measured against the camera's running
 * background ({@link BackgroundNovelty}), not against the compared frame.
 *
 * <p>Comparisons use the raw tokens of the reference, pruned or not, so the state is the raw tokens
 * of two frames at most, plus the background. References and background are rounded to int8 with a
 * power-of-two scale per row when they are made ({@link Int8Rows}), the width keyed state stores
 * them in, so a merger that kept them in memory and one that read them back decide alike; the frame
 * being merged is compared at full precision. Kept tokens are the {@code floor((1 - K) * N)} least
 * similar by same-cell cosine; equal similarities keep the lower cell.
 */
public final class DycokeMerger implements TemporalTokenMerger<DycokeState> {
  private static final int WINDOW = 4;

  private final TtmConfig config;
  private final ReferencePrecision precision;
  private DycokeState state = new DycokeState();

  // Scratch for one frame, grown on demand; never part of the state.
  private float[] norms = new float[0];
  private float[] similarity = new float[0];
  private long[] ranking = new long[0];
  private boolean[] keep = new boolean[0];

  public DycokeMerger(TtmConfig config) {
    this(config, ReferencePrecision.INT8);
  }

  /**
   * A merger whose references are rounded to {@code precision}: int8, what keyed state holds, or
   * wider, only to measure what the rounding changes.
   */
  public DycokeMerger(TtmConfig config, ReferencePrecision precision) {
    this.config = config;
    this.precision = precision;
  }

  @Override
  public MergeResult merge(long seq, float[][] tokens) {
    BackgroundNovelty.Scored scored =
        BackgroundNovelty.apply(state.background, seq, tokens, mergeFrame(seq, tokens), precision);
    state.background = scored.background();
    return scored.frame();
  }

  private MergeResult mergeFrame(long seq, float[][] tokens) {
    Frames.checkNext(state.lastSeq, seq, tokens);
    state.lastSeq = seq;
    long window = Math.floorDiv(seq, WINDOW);
    int position = (int) Math.floorMod(seq, WINDOW);
    if (state.anchorTokens != null && Math.floorDiv(state.anchorSeq, WINDOW) != window) {
      clearWindow();
    }
    float[][] reference = position == 3 ? state.midTokens : state.anchorTokens;
    if (reference != null && !Frames.sameShape(reference, tokens)) {
      clearWindow();
      reference = null;
    }
    if (position == 0 || reference == null) {
      return anchor(seq, position, tokens);
    }
    return compare(
        seq, position, tokens, reference, position == 3 ? state.midNorms : state.anchorNorms);
  }

  private void clearWindow() {
    state.anchorTokens = null;
    state.anchorNorms = null;
    state.midTokens = null;
    state.midNorms = null;
    state.midKept = null;
  }

  private MergeResult anchor(long seq, int position, float[][] tokens) {
    int n = tokens.length;
    if (position != 3) {
      float[][] stored = stored(tokens);
      float[] frameNorms = new float[n];
      Cosine.norms(stored, frameNorms);
      if (position == 0 || state.anchorTokens == null) {
        state.anchorSeq = seq;
        state.anchorTokens = stored;
        state.anchorNorms = frameNorms;
      }
      if (position == 2) {
        boolean[] all = new boolean[n];
        Arrays.fill(all, true);
        setMid(seq, stored, frameNorms, all);
      }
    }
    return MergeResult.wholeFrame(seq, tokens);
  }

  private void setMid(long seq, float[][] tokens, float[] frameNorms, boolean[] kept) {
    state.midSeq = seq;
    state.midTokens = tokens;
    state.midNorms = frameNorms;
    state.midKept = kept;
  }

  private MergeResult compare(
      long seq, int position, float[][] tokens, float[][] reference, float[] referenceNorms) {
    int n = tokens.length;
    ensureScratch(n);
    for (int c = 0; c < n; c++) {
      float[] row = tokens[c];
      float dot = Cosine.dotAndNorm(row, reference[c], norms, c);
      similarity[c] = Cosine.similarity(dot, norms[c], referenceNorms[c]);
      ranking[c] = Cosine.rankKey(similarity[c], c);
    }
    Arrays.sort(ranking, 0, n);
    int kept = Math.min(n, config.keepCount(n));
    Arrays.fill(keep, 0, n, false);
    for (int i = 0; i < kept; i++) {
      keep[(int) ranking[i]] = true;
    }

    int[] keptCells = new int[kept];
    float[][] keptRows = new float[kept][];
    float[] novelty = new float[kept];
    int[] mergedCells = new int[n - kept];
    long[] mergedInto = new long[n - kept];
    int k = 0;
    int m = 0;
    for (int c = 0; c < n; c++) {
      if (keep[c]) {
        keptCells[k] = c;
        keptRows[k] = tokens[c];
        novelty[k++] = 1f - similarity[c];
      } else {
        mergedCells[m] = c;
        mergedInto[m++] = representativeSeq(position, c);
      }
    }
    if (position == 2) {
      float[][] stored = stored(tokens);
      float[] storedNorms = Arrays.copyOf(norms, n);
      if (precision != ReferencePrecision.FLOAT) {
        Cosine.norms(stored, storedNorms);
      }
      setMid(seq, stored, storedNorms, Arrays.copyOf(keep, n));
    }
    return new MergeResult(seq, false, keptCells, keptRows, novelty, mergedCells, mergedInto);
  }

  /** A frame's rows as a reference holds them. */
  private float[][] stored(float[][] tokens) {
    return precision.round(tokens);
  }

  /** A pruned token's representative is the kept token it matched, through position 2 if pruned. */
  private long representativeSeq(int position, int cell) {
    if (position == 3 && state.midKept[cell]) {
      return state.midSeq;
    }
    return state.anchorSeq;
  }

  private void ensureScratch(int n) {
    if (norms.length < n) {
      norms = new float[n];
      similarity = new float[n];
      ranking = new long[n];
      keep = new boolean[n];
    }
  }

  @Override
  public DycokeState snapshot() {
    return state.copy();
  }

  @Override
  public void restore(DycokeState restored) {
    this.state = restored.copy();
  }

  @Override
  public long lastSeq() {
    return state.lastSeq;
  }

  @Override
  public Class<DycokeState> stateType() {
    return DycokeState.class;
  }

  @Override
  public int heldTokens() {
    return (state.anchorTokens != null ? state.anchorTokens.length : 0)
        + (state.midTokens != null ? state.midTokens.length : 0);
  }

  /** How many reference frames the state holds: at most 2. */
  public int heldFrames() {
    return state.heldFrames();
  }
}
