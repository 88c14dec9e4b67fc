package dev.streamdycoke.simulator.scene;

/**
 * Derives independent seeds from the scene seed, one per purpose, so that (for example) adding a
 * random draw to the background painter cannot shift the objects' spawns.
 */
final class Seeds {

  static final long SIMULATION = 1;
  static final long BACKGROUND = 2;
  static final long NOISE = 3;

  private Seeds() {}

  /** SplitMix64's finaliser over the seed and a stream number: well mixed, fully specified. */
  static long derive(long seed, long stream) {
    long z = seed + stream * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
