package dev.streamdycoke.training;

import dev.streamdycoke.model.session.TokenId;
import dev.streamdycoke.operators.cache.EvictionPolicy;
import dev.streamdycoke.operators.cache.TokenCache;
import dev.streamdycoke.operators.cache.TokenCacheConfig;
import dev.streamdycoke.operators.ttm.MergeResult;
import dev.streamdycoke.operators.ttm.TemporalTokenMerger;
import dev.streamdycoke.operators.ttm.TtmConfig;
import java.util.List;

/**
 * Which of a clip's visual tokens a camera's context would hold at the clip's last frame when the
 * job serves it with temporal token merging and a bounded cache: the runtime's own {@link
 * TemporalTokenMerger} and {@link TokenCache}, frame by frame.
 *
 * <p>The decoder trains on some clips cut this way. A decoder that has only seen whole frames reads
 * a merged or evicted context poorly (the previous demo checkpoint lost 5 to 9 points of memory
 * accuracy under TTM with nothing evicted), and what the job serves is exactly such a context.
 */
final class ServedContext {
  private static final List<TtmConfig> MERGERS =
      List.of(
          TtmConfig.dycoke(0.3),
          TtmConfig.dycoke(0.5),
          TtmConfig.dycoke(0.7),
          TtmConfig.threshold(0.8, TtmConfig.DEFAULT_ANCHOR_EVERY),
          TtmConfig.threshold(0.9, TtmConfig.DEFAULT_ANCHOR_EVERY));
  private static final int[] CAPACITIES = {128, 192, 256};

  private ServedContext() {}

  /**
   * The positions ({@code frame * tokensPerFrame + cell}) of the tokens a context keeps, in the
   * session's order.
   *
   * @param frames {@code [frame][cell][dim]}
   * @param capacity the cache's capacity, or 0 for one that never evicts
   */
  static int[] kept(float[][][] frames, TtmConfig ttm, int capacity, EvictionPolicy policy) {
    int perFrame = frames[0].length;
    int c = capacity > 0 ? capacity : frames.length * perFrame;
    TokenCache cache = new TokenCache(TokenCacheConfig.of(c, Math.min(c, 256), policy));
    TemporalTokenMerger<?> merger = TemporalTokenMerger.create(ttm);
    for (int f = 0; f < frames.length; f++) {
      MergeResult merged = merger.merge(f, frames[f]);
      cache.insert(merged);
    }
    List<TokenId> ids = cache.ids();
    int[] out = new int[ids.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (int) ids.get(i).seq() * perFrame + ids.get(i).cell();
    }
    return out;
  }

  /**
   * A served context drawn at random: one of the benchmark's merge settings, and half the time a
   * bounded cache of 128 to 256 tokens evicting FIFO or DECAY.
   *
   * @param draw a source of {@code [0, bound)} ints, such as {@link ClipSampler#nextInt}
   */
  static int[] sample(float[][][] frames, java.util.function.IntUnaryOperator draw) {
    TtmConfig ttm = MERGERS.get(draw.applyAsInt(MERGERS.size()));
    int capacity = 0;
    EvictionPolicy policy = EvictionPolicy.fifo();
    if (draw.applyAsInt(2) == 1) {
      capacity = Math.max(frames[0].length, CAPACITIES[draw.applyAsInt(CAPACITIES.length)]);
      policy = draw.applyAsInt(2) == 1 ? EvictionPolicy.decay() : EvictionPolicy.fifo();
    }
    return kept(frames, ttm, capacity, policy);
  }
}
