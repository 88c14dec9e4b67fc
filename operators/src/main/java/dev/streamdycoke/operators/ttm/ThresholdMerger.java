package dev.streamdycoke.operators.ttm;

import java.util.Arrays;

/**
 * Threshold temporal token merging (docs/algorithms.md section 1.2, mode {@code threshold}): a
 * token is pruned when its same-cell cosine similarity to that cell's most recently kept token is
 * at least tau; otherwise it is kept and becomes the cell's reference.
 *
 * <p>A frame is an anchor, kept whole and refreshing every cell's reference, when there is no
 * reference yet, when its shape differs from the references', or when its seq is at least {@code
 * anchorEvery} past the last anchor's. Measuring the period in seq rather than in frames seen means
 * a gap in the stream brings the next anchor forward instead of comparing with stale references. A
 * non-anchor frame keeps at least one token: if every cell matched, its least similar token (lowest
 * cell on ties), so that every frame stays represented downstream.
 *
 * <p>Kept tokens' novelty is measured against the camera's running background ({@link
 * BackgroundNovelty}), as in {@link DycokeMerger}.
 */
public final class ThresholdMerger implements TemporalTokenMerger<ThresholdState> {
  private static final int[] NO_CELLS = new int[0];

  private final TtmConfig config;
  private ThresholdState state = new ThresholdState();

  // Scratch for one frame, grown on demand; never part of the state.
  private float[] norms = new float[0];
  private float[] similarity = new float[0];

  public ThresholdMerger(TtmConfig config) {
    this.config = config;
  }

  @Override
  public MergeResult merge(long seq, float[][] tokens) {
    BackgroundNovelty.Scored scored =
        BackgroundNovelty.apply(
            state.background, seq, tokens, mergeFrame(seq, tokens), ReferencePrecision.FLOAT);
    state.background = scored.background();
    return scored.frame();
  }

  private MergeResult mergeFrame(long seq, float[][] tokens) {
    Frames.checkNext(state.lastSeq, seq, tokens);
    state.lastSeq = seq;
    if (!Frames.sameShape(state.reference, tokens)
        || seq - state.lastAnchorSeq >= config.anchorEvery()) {
      return anchor(seq, tokens);
    }
    return compare(seq, tokens);
  }

  private MergeResult anchor(long seq, float[][] tokens) {
    int n = tokens.length;
    state.lastAnchorSeq = seq;
    state.reference = tokens.clone();
    state.referenceNorms = new float[n];
    Cosine.norms(tokens, state.referenceNorms);
    state.referenceSeq = new long[n];
    Arrays.fill(state.referenceSeq, seq);
    return MergeResult.wholeFrame(seq, tokens);
  }

  private MergeResult compare(long seq, float[][] tokens) {
    int n = tokens.length;
    if (norms.length < n) {
      norms = new float[n];
      similarity = new float[n];
    }
    float tau = (float) config.tau();
    float[][] reference = state.reference;
    float[] referenceNorms = state.referenceNorms;
    int kept = 0;
    int leastSimilar = 0;
    for (int c = 0; c < n; c++) {
      float[] row = tokens[c];
      float dot = Cosine.dotAndNorm(row, reference[c], norms, c);
      float s = Cosine.similarity(dot, norms[c], referenceNorms[c]);
      similarity[c] = s;
      if (s < tau) {
        kept++;
      }
      if (s < similarity[leastSimilar]) {
        leastSimilar = c;
      }
    }
    boolean forced = kept == 0;
    if (forced) {
      kept = 1;
    }

    int[] keptCells = new int[kept];
    float[][] keptRows = new float[kept][];
    float[] novelty = new float[kept];
    int[] mergedCells = n - kept == 0 ? NO_CELLS : new int[n - kept];
    long[] mergedInto = new long[n - kept];
    int k = 0;
    int m = 0;
    for (int c = 0; c < n; c++) {
      boolean keep = forced ? c == leastSimilar : similarity[c] < tau;
      if (keep) {
        keptCells[k] = c;
        keptRows[k] = tokens[c];
        novelty[k++] = 1f - similarity[c];
        reference[c] = tokens[c];
        referenceNorms[c] = norms[c];
        state.referenceSeq[c] = seq;
      } else {
        mergedCells[m] = c;
        mergedInto[m++] = state.referenceSeq[c];
      }
    }
    return new MergeResult(seq, false, keptCells, keptRows, novelty, mergedCells, mergedInto);
  }

  @Override
  public ThresholdState snapshot() {
    return state.copy();
  }

  @Override
  public void restore(ThresholdState restored) {
    this.state = restored.copy();
  }

  @Override
  public long lastSeq() {
    return state.lastSeq;
  }

  @Override
  public Class<ThresholdState> stateType() {
    return ThresholdState.class;
  }

  @Override
  public int heldTokens() {
    return state.reference == null ? 0 : state.reference.length;
  }
}
