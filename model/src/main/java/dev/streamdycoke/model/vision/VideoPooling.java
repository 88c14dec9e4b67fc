package dev.streamdycoke.model.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * LLaVA-OneVision's {@code apply_pooling}: each frame's {@code g x g} token grid is resized to
 * {@code ceil(g/2) x ceil(g/2)} exactly as {@code torch.nn.functional.interpolate(x,
 * mode="bilinear")} does (align_corners=False, no antialiasing), which at 27 x 27 gives the 196
 * tokens per frame of the released models. Bilinear resizing is separable and linear, so it is two
 * small matrices, {@code M_h X M_w^T}, built once.
 */
public final class VideoPooling implements AutoCloseable {
  private final int side;
  private final int pooledSide;
  private final NDManager manager;
  private final NDArray rowsT;
  private final NDArray colsT;

  /**
   * Pools {@code gridSide x gridSide} grids; its matrices live in a sub-manager of {@code parent}.
   */
  public VideoPooling(int gridSide, NDManager parent, DataType dataType) {
    if (gridSide < 1) {
      throw new IllegalArgumentException("grid side must be positive: " + gridSide);
    }
    Ops.checkComputeType(dataType);
    this.side = gridSide;
    this.pooledSide = pooledSide(gridSide);
    this.manager = parent.newSubManager();
    try {
      float[] transposed = transpose(interpolationMatrix(gridSide, pooledSide));
      Shape shape = new Shape(gridSide, pooledSide);
      rowsT = constant(transposed, shape, dataType);
      colsT = constant(transposed, shape, dataType);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  private NDArray constant(float[] values, Shape shape, DataType dataType) {
    NDArray array = manager.create(values, shape);
    NDScope.unregister(array);
    if (dataType == DataType.FLOAT32) {
      return array;
    }
    NDArray cast = array.toType(dataType, false);
    NDScope.unregister(cast);
    return cast;
  }

  /** {@code ceil(side / 2)}, the pooled grid side. */
  public static int pooledSide(int side) {
    return (side + 1) / 2;
  }

  /** Tokens per pooled frame: {@code ceil(g/2)^2}. */
  public int tokensPerFrame() {
    return pooledSide * pooledSide;
  }

  /**
   * PyTorch's 1-D bilinear resize from {@code in} to {@code out} samples as a row-major {@code
   * [out][in]} matrix: source coordinate {@code (dst + 0.5) * in / out - 0.5} clamped at 0 (in
   * {@code float}, as PyTorch computes it for float tensors), blended between its floor and the
   * next sample, the last sample repeating past the edge.
   */
  public static float[] interpolationMatrix(int in, int out) {
    float[] m = new float[out * in];
    float scale = (float) in / out;
    for (int dst = 0; dst < out; dst++) {
      float src = Math.max(scale * (dst + 0.5f) - 0.5f, 0f);
      int i0 = (int) src;
      int i1 = Math.min(i0 + 1, in - 1);
      float lambda = src - i0;
      m[dst * in + i0] += 1f - lambda;
      m[dst * in + i1] += lambda;
    }
    return m;
  }

  private float[] transpose(float[] m) {
    float[] t = new float[m.length];
    for (int r = 0; r < pooledSide; r++) {
      for (int c = 0; c < side; c++) {
        t[c * pooledSide + r] = m[r * side + c];
      }
    }
    return t;
  }

  /**
   * {@code [B, g*g, D] -> [B, ceil(g/2)^2, D]}, tokens in row-major grid order, attached to {@code
   * tokens}' manager; the caller closes it.
   */
  public NDArray apply(NDArray tokens) {
    Shape shape = tokens.getShape();
    if (shape.dimension() != 3 || shape.get(1) != (long) side * side) {
      throw new IllegalArgumentException(
          "expected [B, " + side * side + ", D] tokens, got " + shape);
    }
    long batch = shape.get(0);
    long dim = shape.get(2);
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      // [B, D, h, w] so both resizes are a right-multiplication over the last axis.
      NDArray grid = tokens.reshape(batch, side, side, dim).transpose(0, 3, 1, 2);
      NDArray widthPooled = grid.matMul(colsT);
      NDArray bothPooled = widthPooled.transpose(0, 1, 3, 2).matMul(rowsT);
      NDArray out =
          bothPooled.transpose(0, 3, 2, 1).reshape(batch, (long) pooledSide * pooledSide, dim);
      out.attach(tokens.getManager());
      NDScope.unregister(out);
      return out;
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
