package dev.streamdycoke.model.lm;

/**
 * Steers and watches attention during one forward pass of the decoder: which cached rows each layer
 * may attend to, and the attention the last new position paid to them. Dynamic pruning while
 * decoding and the attention exported to the token cache are both built on it.
 */
public interface AttentionObserver {

  /** Observes nothing and restricts nothing: plain causal attention over the whole cache. */
  AttentionObserver NONE =
      new AttentionObserver() {
        @Override
        public int[] visibleRows(int layer, int cacheLength) {
          return null;
        }

        @Override
        public boolean wantsAttention(int layer) {
          return false;
        }

        @Override
        public void observe(int layer, float[] attention, int[] rows) {}
      };

  /**
   * The cache rows (ascending) layer {@code layer} may attend to for the last new position, or null
   * for all. Only consulted when one position is decoded at a time.
   */
  int[] visibleRows(int layer, int cacheLength);

  /** Whether {@link #observe} should be called for this layer (saves a device-to-host copy). */
  boolean wantsAttention(int layer);

  /**
   * The attention of the last new position at {@code layer}, averaged over heads.
   *
   * @param attention one weight per attended row
   * @param rows the cache rows the weights belong to, or null when all rows were attended
   */
  void observe(int layer, float[] attention, int[] rows);
}
