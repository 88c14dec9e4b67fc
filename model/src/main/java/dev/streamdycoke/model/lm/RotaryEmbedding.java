package dev.streamdycoke.model.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Qwen2's rotary position embedding (the rotate-half convention), with cos/sin tables grown on
 * demand.
 *
 * <p>The tables are computed the way transformers computes them in float32 ({@code inv_freq = 1 /
 * base^(2i/d)}, {@code freq = position * inv_freq}, both rounded to float), so positions far from
 * zero rotate exactly as in the reference model.
 */
final class RotaryEmbedding implements AutoCloseable {
  private final NDManager manager;
  private final int headDim;
  private final float[] invFreq;
  private final int maxPositions;
  private final DataType dataType;
  private NDArray cos;
  private NDArray sin;
  private int capacity;

  RotaryEmbedding(NDManager parent, int headDim, double theta, int maxPositions, DataType type) {
    this.manager = parent.newSubManager();
    this.headDim = headDim;
    this.maxPositions = maxPositions;
    this.dataType = type;
    this.invFreq = new float[headDim / 2];
    for (int i = 0; i < invFreq.length; i++) {
      float exponent = (float) (2 * i) / (float) headDim;
      invFreq[i] = 1.0f / (float) Math.pow((float) theta, exponent);
    }
  }

  /**
   * Rotates {@code x} (last two axes {@code [n, headDim]}) as if its rows sat at positions {@code
   * from .. from + n - 1}.
   */
  NDArray apply(NDArray x, int from) {
    long n = x.getShape().get(x.getShape().dimension() - 2);
    ensure(from + (int) n);
    NDIndex rows = new NDIndex(from + ":" + (from + n));
    NDArray c = cos.get(rows);
    NDArray s = sin.get(rows);
    int half = headDim / 2;
    NDArray x1 = x.get(new NDIndex("..., :" + half));
    NDArray x2 = x.get(new NDIndex("..., " + half + ":"));
    NDArray rotated = x2.neg().concat(x1, -1);
    return x.mul(c).add(rotated.mul(s));
  }

  private void ensure(int positions) {
    if (positions <= capacity) {
      return;
    }
    if (positions > maxPositions) {
      throw new IllegalStateException(
          "position " + (positions - 1) + " is past the model's trained range " + maxPositions);
    }
    int grown = Math.min(maxPositions, Math.max(positions, Math.max(256, capacity * 2)));
    float[] c = new float[grown * headDim];
    float[] s = new float[grown * headDim];
    int half = headDim / 2;
    for (int p = 0; p < grown; p++) {
      for (int i = 0; i < half; i++) {
        float angle = (float) p * invFreq[i];
        float ci = (float) Math.cos(angle);
        float si = (float) Math.sin(angle);
        c[p * headDim + i] = ci;
        c[p * headDim + i + half] = ci;
        s[p * headDim + i] = si;
        s[p * headDim + i + half] = si;
      }
    }
    // Superseded tables stay open until close(): a training step's autograd graph may still
    // read them (a product saves its operands), and DJL's arrays made from Java memory free it
    // on close. Growth is geometric, so what they hold is at most the final tables again.
    cos = toType(manager.create(c, new Shape(grown, headDim)));
    sin = toType(manager.create(s, new Shape(grown, headDim)));
    // Tables outlive the scope of the forward pass that happened to grow them.
    NDScope.unregister(cos, sin);
    capacity = grown;
  }

  private NDArray toType(NDArray a) {
    if (dataType == DataType.FLOAT32) {
      return a;
    }
    NDArray converted = a.toType(dataType, false);
    a.close();
    return converted;
  }

  @Override
  public void close() {
    manager.close();
  }
}
