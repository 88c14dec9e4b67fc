package dev.streamdycoke.simulator.scene;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that defines a synthetic scene. Two simulators (or renderers) built from equal configs
 * produce identical worlds and identical frames, byte for byte.
 *
 * @param seed drives the background layout, every spawn and stop decision, and the sensor noise
 * @param width frame width in pixels
 * @param height frame height in pixels
 * @param fps frames per second of scene time; one {@link SceneSimulator#next()} advances {@code 1 /
 *     fps} seconds
 * @param maxObjects the most objects alive at once (in view or about to enter); no spawns above
 * @param spawnRatePerSecond mean new objects per second while below {@code maxObjects} (Poisson)
 * @param crossingShare share of new pedestrians that enter from the bottom edge, cross the street
 *     and then turn along the far sidewalk; the rest walk along a sidewalk
 * @param stopRatePerSecond chance per second that a moving object fully in view halts
 * @param minStopSeconds shortest halt
 * @param maxStopSeconds longest halt
 * @param noiseSigma standard deviation of the per-pixel Gaussian sensor noise, in 8-bit levels; 0
 *     for clean frames
 * @param kindWeights relative frequency of each kind among spawns; kinds absent or at 0 never
 *     appear
 * @param colours the colours objects are painted in, drawn uniformly
 */
public record SceneConfig(
    long seed,
    int width,
    int height,
    double fps,
    int maxObjects,
    double spawnRatePerSecond,
    double crossingShare,
    double stopRatePerSecond,
    double minStopSeconds,
    double maxStopSeconds,
    double noiseSigma,
    Map<ObjectKind, Double> kindWeights,
    List<ObjectColour> colours) {

  public SceneConfig {
    require(width >= 64 && height >= 48, "frame must be at least 64x48: " + width + "x" + height);
    require(fps > 0, "fps must be positive: " + fps);
    require(maxObjects >= 0, "maxObjects must not be negative: " + maxObjects);
    require(spawnRatePerSecond >= 0, "spawnRatePerSecond must not be negative");
    require(crossingShare >= 0 && crossingShare <= 1, "crossingShare must be in [0, 1]");
    require(stopRatePerSecond >= 0, "stopRatePerSecond must not be negative");
    require(
        minStopSeconds > 0 && maxStopSeconds >= minStopSeconds,
        "need 0 < minStopSeconds <= maxStopSeconds");
    require(noiseSigma >= 0, "noiseSigma must not be negative");
    // An EnumMap, not Map.copyOf: immutable maps iterate in a per-JVM random order, and nothing
    // about a scene may depend on the JVM.
    EnumMap<ObjectKind, Double> weights = new EnumMap<>(ObjectKind.class);
    weights.putAll(kindWeights);
    kindWeights = Collections.unmodifiableMap(weights);
    require(kindWeights.values().stream().allMatch(w -> w >= 0), "kind weights must be >= 0");
    require(
        kindWeights.values().stream().mapToDouble(Double::doubleValue).sum() > 0,
        "at least one kind needs a positive weight");
    colours = List.copyOf(colours);
    require(!colours.isEmpty(), "at least one colour");
  }

  /** The default scene (384x288 at 10 fps, up to 6 objects) for {@code seed}. */
  public static SceneConfig defaults(long seed) {
    return builder(seed).build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder(long seed) {
    return new Builder(seed);
  }

  /** A builder starting from this config. */
  public Builder toBuilder() {
    Builder b = new Builder(seed);
    b.width = width;
    b.height = height;
    b.fps = fps;
    b.maxObjects = maxObjects;
    b.spawnRatePerSecond = spawnRatePerSecond;
    b.crossingShare = crossingShare;
    b.stopRatePerSecond = stopRatePerSecond;
    b.minStopSeconds = minStopSeconds;
    b.maxStopSeconds = maxStopSeconds;
    b.noiseSigma = noiseSigma;
    b.kindWeights = new EnumMap<>(kindWeights);
    b.colours = colours;
    return b;
  }

  /** Scene seconds per frame. */
  public double frameSeconds() {
    return 1.0 / fps;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Mutable builder for {@link SceneConfig}; every setter returns the builder. */
  public static final class Builder {
    private long seed;
    private int width = 384;
    private int height = 288;
    private double fps = 10;
    private int maxObjects = 6;
    private double spawnRatePerSecond = 0.5;
    private double crossingShare = 0.25;
    private double stopRatePerSecond = 0.06;
    private double minStopSeconds = 1;
    private double maxStopSeconds = 4;
    private double noiseSigma = 2;
    private Map<ObjectKind, Double> kindWeights = defaultWeights();
    private List<ObjectColour> colours = List.of(ObjectColour.values());

    private Builder(long seed) {
      this.seed = seed;
    }

    private static Map<ObjectKind, Double> defaultWeights() {
      Map<ObjectKind, Double> w = new EnumMap<>(ObjectKind.class);
      w.put(ObjectKind.PERSON, 0.4);
      w.put(ObjectKind.CAR, 0.3);
      w.put(ObjectKind.TRUCK, 0.1);
      w.put(ObjectKind.BIKE, 0.2);
      return w;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder size(int frameWidth, int frameHeight) {
      width = frameWidth;
      height = frameHeight;
      return this;
    }

    public Builder fps(double value) {
      fps = value;
      return this;
    }

    public Builder maxObjects(int value) {
      maxObjects = value;
      return this;
    }

    public Builder spawnRatePerSecond(double value) {
      spawnRatePerSecond = value;
      return this;
    }

    public Builder crossingShare(double value) {
      crossingShare = value;
      return this;
    }

    public Builder stopRatePerSecond(double value) {
      stopRatePerSecond = value;
      return this;
    }

    public Builder stopSeconds(double min, double max) {
      minStopSeconds = min;
      maxStopSeconds = max;
      return this;
    }

    public Builder noiseSigma(double value) {
      noiseSigma = value;
      return this;
    }

    public Builder kindWeights(Map<ObjectKind, Double> value) {
      kindWeights = new EnumMap<>(value);
      return this;
    }

    public Builder colours(List<ObjectColour> value) {
      colours = List.copyOf(value);
      return this;
    }

    public SceneConfig build() {
      return new SceneConfig(
          seed,
          width,
          height,
          fps,
          maxObjects,
          spawnRatePerSecond,
          crossingShare,
          stopRatePerSecond,
          minStopSeconds,
          maxStopSeconds,
          noiseSigma,
          kindWeights,
          colours);
    }
  }
}
