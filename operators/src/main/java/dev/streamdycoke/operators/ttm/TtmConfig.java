package dev.streamdycoke.operators.ttm;

import java.util.Locale;
import java.util.Objects;

/**
 * Settings of causal temporal token merging.
 *
 * @param mode which merging rule applies
 * @param k DyCoke's pruning ratio in {@code [0, 1)}: a compared frame keeps {@code floor((1 - k) *
 *     N)} tokens
 * @param tau threshold mode's similarity in {@code [-1, 1]} at or above which a token is pruned
 * @param anchorEvery threshold mode's anchor period in frames (seq distance), at least 1
 */
public record TtmConfig(TtmMode mode, double k, double tau, int anchorEvery)
    implements java.io.Serializable {
  /** The mode by name, as {@link #parseMode} reads it. */
  public static final String DEFAULT_MODE = "dycoke";

  public static final double DEFAULT_K = 0.7;
  public static final double DEFAULT_TAU = 0.9;
  public static final int DEFAULT_ANCHOR_EVERY = 16;

  /** Guards floor() against products such as 0.5 * 196 landing a hair below an integer. */
  private static final double FLOOR_SLACK = 1e-9;

  public TtmConfig {
    Objects.requireNonNull(mode, "mode");
    if (!(k >= 0 && k < 1)) {
      throw new IllegalArgumentException("k must be in [0, 1): " + k);
    }
    if (!(tau >= -1 && tau <= 1)) {
      throw new IllegalArgumentException("tau must be in [-1, 1]: " + tau);
    }
    if (anchorEvery < 1) {
      throw new IllegalArgumentException("anchorEvery must be at least 1: " + anchorEvery);
    }
  }

  /**
   * DyCoke mode with K = 0.7, tau = 0.9 and anchors every 16 frames for when the mode is switched.
   */
  public static TtmConfig defaults() {
    return new TtmConfig(parseMode(DEFAULT_MODE), DEFAULT_K, DEFAULT_TAU, DEFAULT_ANCHOR_EVERY);
  }

  /** DyCoke mode with the given pruning ratio. */
  public static TtmConfig dycoke(double k) {
    return new TtmConfig(TtmMode.DYCOKE, k, DEFAULT_TAU, DEFAULT_ANCHOR_EVERY);
  }

  /** Threshold mode with the given similarity threshold and anchor period. */
  public static TtmConfig threshold(double tau, int anchorEvery) {
    return new TtmConfig(TtmMode.THRESHOLD, DEFAULT_K, tau, anchorEvery);
  }

  /** Parses a mode name case-insensitively ({@code dycoke} or {@code threshold}). */
  public static TtmMode parseMode(String name) {
    return TtmMode.valueOf(name.trim().toUpperCase(Locale.ROOT));
  }

  /**
   * Tokens a compared DyCoke frame keeps: {@code floor((1 - k) * n)}, but at least one so that
   * every frame stays represented downstream.
   */
  public int keepCount(int n) {
    return Math.max(1, (int) Math.floor((1 - k) * n + FLOOR_SLACK));
  }
}
