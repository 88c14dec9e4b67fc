package dev.streamdycoke.benchmarks.qa;

import dev.streamdycoke.model.session.AnswerSettings;
import dev.streamdycoke.operators.cache.EvictionPolicy;
import dev.streamdycoke.operators.cache.TokenCacheConfig;
import dev.streamdycoke.operators.gate.ChangeGateConfig;
import dev.streamdycoke.operators.ttm.TtmConfig;
import dev.streamdycoke.training.StreamSetup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The setups the accuracy benchmark compares, from full context down to tight budgets.
 *
 * <p>Dynamic pruning uses L = 1 (layer 0 selects, layer 1 attends to the selection) because the
 * demo model has three decoder layers; the default L = 3 would prune nothing.
 */
public final class StreamSetups {
  public static final int MAX_NEW_TOKENS = StreamSetup.MAX_NEW_TOKENS;
  public static final int DP_LAYER = 1;
  public static final int ACTIVE = 256;

  /** The cache capacities compared; those below one frame's tokens cannot run (see below). */
  public static final int[] CAPACITIES = {64, 128, 256, 512};

  /**
   * The DECAY capacities also run behind the job's default change gate: 128, the budget row, and
   * 512, which on scenes of up to 16 frames never evicts and so answers as the job's default cache
   * (C = 1024 DECAY) does.
   */
  public static final int[] GATED_DECAY_CAPACITIES = {128, 512};

  /** A cache that keeps 15 % of a 16-frame scene's tokens under DyCoke K = 0.7 (see below). */
  public static final int BUDGET_CAPACITY = 76;

  private StreamSetups() {}

  /** No merging, a cache that never evicts for streams of {@code frames}, no pruning. */
  public static StreamSetup fullContext(int frames, int tokensPerFrame) {
    return StreamSetup.fullContext(frames, tokensPerFrame);
  }

  /**
   * Capacities that cannot hold one whole frame: the token cache refuses a frame with more kept
   * tokens than C, and every TTM anchor frame keeps all of its tokens.
   */
  public static List<Integer> impossibleCapacities(int tokensPerFrame) {
    List<Integer> out = new ArrayList<>();
    for (int c : CAPACITIES) {
      if (c < tokensPerFrame) {
        out.add(c);
      }
    }
    return out;
  }

  /** Every setup of the benchmark that can run, full context first. */
  public static List<StreamSetup> all(int frames, int tokensPerFrame) {
    List<StreamSetup> out = new ArrayList<>();
    TokenCacheConfig unbounded = unbounded(frames, tokensPerFrame);
    AnswerSettings noDp = AnswerSettings.withoutPruning(MAX_NEW_TOKENS);
    out.add(fullContext(frames, tokensPerFrame));
    out.add(fullContext(frames, tokensPerFrame).withGate(ChangeGateConfig.defaults()));
    for (double k : new double[] {0.3, 0.5, 0.7}) {
      out.add(new StreamSetup("TTM dycoke K=" + k, TtmConfig.dycoke(k), unbounded, noDp));
    }
    for (double tau : new double[] {0.8, 0.9}) {
      out.add(
          new StreamSetup(
              "TTM threshold tau=" + tau,
              TtmConfig.threshold(tau, TtmConfig.DEFAULT_ANCHOR_EVERY),
              unbounded,
              noDp));
    }
    TtmConfig ttm = TtmConfig.dycoke(TtmConfig.DEFAULT_K);
    for (int capacity : CAPACITIES) {
      if (capacity < tokensPerFrame) {
        continue;
      }
      for (EvictionPolicy policy :
          List.of(EvictionPolicy.fifo(), EvictionPolicy.lrr(), EvictionPolicy.decay())) {
        StreamSetup setup =
            new StreamSetup(
                "K=0.7, C=" + capacity + " " + policy.name(),
                ttm,
                TokenCacheConfig.of(capacity, Math.min(ACTIVE, capacity), policy),
                noDp);
        out.add(setup);
        if (policy.name().equals(EvictionPolicy.decay().name())
            && Arrays.stream(GATED_DECAY_CAPACITIES).anyMatch(c -> c == capacity)) {
          out.add(setup.withGate(ChangeGateConfig.defaults()));
        }
      }
    }
    // The budget: 85 % fewer tokens than full context. On 16-frame scenes with questions
    // from the third frame on, DyCoke's K = 0.7 keeps 15 % of them in a 76-token cache (one frame
    // and a fifth). Chosen on validation scenes (DemoModelEvaluation.VALIDATION_FIRST), not on
    // the benchmark's.
    if (tokensPerFrame <= BUDGET_CAPACITY) {
      for (EvictionPolicy policy :
          List.of(EvictionPolicy.fifo(), EvictionPolicy.lrr(), EvictionPolicy.decay())) {
        out.add(
            new StreamSetup(
                "K=0.7, C=" + BUDGET_CAPACITY + " " + policy.name(),
                ttm,
                TokenCacheConfig.of(BUDGET_CAPACITY, BUDGET_CAPACITY, policy),
                noDp));
      }
    }
    // The tightest budget with the most aggressive merging: threshold TTM sends only changed
    // tokens between anchors, so one frame's worth of cache spans several frames.
    if (tokensPerFrame <= CAPACITIES[0]) {
      TtmConfig threshold = TtmConfig.threshold(0.8, TtmConfig.DEFAULT_ANCHOR_EVERY);
      for (EvictionPolicy policy : List.of(EvictionPolicy.fifo(), EvictionPolicy.decay())) {
        out.add(
            new StreamSetup(
                "tau=0.8, C=" + CAPACITIES[0] + " " + policy.name(),
                threshold,
                TokenCacheConfig.of(CAPACITIES[0], CAPACITIES[0], policy),
                noDp));
      }
    }
    TokenCacheConfig decay512 = TokenCacheConfig.of(512, ACTIVE, EvictionPolicy.decay());
    for (double p : new double[] {0, 0.7}) {
      out.add(
          new StreamSetup(
              "K=0.7, C=512 DECAY, DP P=" + p,
              ttm,
              decay512,
              AnswerSettings.withoutPruning(MAX_NEW_TOKENS).withPruning(DP_LAYER, p, ACTIVE)));
    }
    return out;
  }

  private static TokenCacheConfig unbounded(int frames, int tokensPerFrame) {
    return StreamSetup.unbounded(frames, tokensPerFrame);
  }
}
