package dev.streamdycoke.simulator.scene;

import java.util.Random;

/**
 * Per-pixel, per-channel Gaussian sensor noise, reproducible per frame: the noise of frame n
 * depends only on the seed and n, so frames can be rendered in any order.
 *
 * <p>Speed matters (a 384x288 frame has 330k samples): Gaussians are drawn once into a table, and
 * each frame indexes it with a xorshift generator, 16 bits per sample.
 */
final class SensorNoise {

  private static final int TABLE_BITS = 16;
  private static final int TABLE_MASK = (1 << TABLE_BITS) - 1;

  /** Noise is capped at this many levels, which also bounds the clamp table. */
  private static final int MAX_OFFSET = 64;

  private final long seed;

  /** Noise plus MAX_OFFSET, as unsigned bytes: 64 KiB stays in cache, an int table would not. */
  private final byte[] table = new byte[1 << TABLE_BITS];

  private final byte[] clamp = new byte[256 + 2 * MAX_OFFSET];
  private final boolean silent;

  SensorNoise(long seed, double sigma) {
    this.seed = seed;
    this.silent = sigma == 0;
    Random random = new Random(seed);
    for (int i = 0; i < table.length; i++) {
      long v = Math.round(random.nextGaussian() * sigma);
      table[i] = (byte) (Math.max(-MAX_OFFSET, Math.min(MAX_OFFSET, v)) + MAX_OFFSET);
    }
    for (int i = 0; i < clamp.length; i++) {
      clamp[i] = (byte) Math.max(0, Math.min(255, i - MAX_OFFSET));
    }
  }

  /** Adds frame {@code frameIndex}'s noise to {@code rgb} in place. */
  void apply(byte[] rgb, long frameIndex) {
    if (silent) {
      return;
    }
    long state = Seeds.derive(seed, frameIndex) | 1; // xorshift must not start at 0
    for (int p = 0; p + 2 < rgb.length; p += 3) {
      state ^= state << 13;
      state ^= state >>> 7;
      state ^= state << 17;
      rgb[p] = clamp[(rgb[p] & 0xff) + (table[(int) state & TABLE_MASK] & 0xff)];
      rgb[p + 1] = clamp[(rgb[p + 1] & 0xff) + (table[(int) (state >>> 16) & TABLE_MASK] & 0xff)];
      rgb[p + 2] = clamp[(rgb[p + 2] & 0xff) + (table[(int) (state >>> 32) & TABLE_MASK] & 0xff)];
    }
  }
}
