package dev.streamdycoke.model.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.streamdycoke.model.checkpoint.TensorLayout;
import dev.streamdycoke.model.checkpoint.VisionConfig;
import dev.streamdycoke.model.checkpoint.WeightSource;
import java.util.function.UnaryOperator;

/**
 * One SigLIP encoder layer ({@code SiglipEncoderLayer}): pre-LN multi-head self-attention with
 * biases, then a pre-LN MLP, each added back to the residual stream.
 */
final class SiglipEncoderLayer {
  private final int heads;
  private final int headDim;
  private final float scale;
  private final float eps;
  private final UnaryOperator<NDArray> act;
  private final NDArray ln1Weight;
  private final NDArray ln1Bias;
  private final NDArray ln2Weight;
  private final NDArray ln2Bias;
  private final NDArray[] q;
  private final NDArray[] k;
  private final NDArray[] v;
  private final NDArray[] o;
  private final NDArray[] fc1;
  private final NDArray[] fc2;

  SiglipEncoderLayer(
      VisionConfig vision, int index, WeightSource source, NDManager manager, DataType type) {
    this.heads = vision.numHeads();
    this.headDim = vision.headDim();
    if (headDim * heads != vision.hiddenSize()) {
      throw new IllegalArgumentException(
          "hidden size " + vision.hiddenSize() + " is not a multiple of " + heads + " heads");
    }
    this.scale = (float) Math.pow(headDim, -0.5);
    this.eps = (float) vision.layerNormEps();
    this.act = Ops.activation(vision.hiddenAct());
    String prefix = TensorLayout.VISION + "encoder.layers." + index + ".";
    int h = vision.hiddenSize();
    int inner = vision.intermediateSize();
    Shape width = new Shape(h);
    ln1Weight = Ops.load(source, prefix + "layer_norm1.weight", width, manager, DataType.FLOAT32);
    ln1Bias = Ops.load(source, prefix + "layer_norm1.bias", width, manager, DataType.FLOAT32);
    ln2Weight = Ops.load(source, prefix + "layer_norm2.weight", width, manager, DataType.FLOAT32);
    ln2Bias = Ops.load(source, prefix + "layer_norm2.bias", width, manager, DataType.FLOAT32);
    String attn = prefix + "self_attn.";
    q = linear(source, attn + "q_proj", h, h, manager, type);
    k = linear(source, attn + "k_proj", h, h, manager, type);
    v = linear(source, attn + "v_proj", h, h, manager, type);
    o = linear(source, attn + "out_proj", h, h, manager, type);
    fc1 = linear(source, prefix + "mlp.fc1", inner, h, manager, type);
    fc2 = linear(source, prefix + "mlp.fc2", h, inner, manager, type);
  }

  private static NDArray[] linear(
      WeightSource source, String name, int out, int in, NDManager manager, DataType type) {
    return new NDArray[] {
      Ops.load(source, name + ".weight", new Shape(out, in), manager, type),
      Ops.load(source, name + ".bias", new Shape(out), manager, type)
    };
  }

  /** {@code [B, N, D] -> [B, N, D]}; the caller's scope owns the intermediates. */
  NDArray forward(NDArray x) {
    NDArray h = x.add(attention(Ops.layerNorm(x, ln1Weight, ln1Bias, eps)));
    NDArray mlp =
        Ops.linear(
            act.apply(Ops.linear(Ops.layerNorm(h, ln2Weight, ln2Bias, eps), fc1[0], fc1[1])),
            fc2[0],
            fc2[1]);
    return h.add(mlp);
  }

  private NDArray attention(NDArray x) {
    Shape shape = x.getShape();
    long batch = shape.get(0);
    long tokens = shape.get(1);
    NDArray query = splitHeads(Ops.linear(x, q[0], q[1]), batch, tokens);
    NDArray key = splitHeads(Ops.linear(x, k[0], k[1]), batch, tokens);
    NDArray value = splitHeads(Ops.linear(x, v[0], v[1]), batch, tokens);
    // All frames and heads in one batched matmul: [B*H, N, N] scores.
    NDArray scores = query.matMul(key.transpose(0, 2, 1)).mul(scale);
    NDArray context =
        Ops.softmax(scores)
            .matMul(value)
            .reshape(batch, heads, tokens, headDim)
            .transpose(0, 2, 1, 3)
            .reshape(batch, tokens, (long) heads * headDim);
    return Ops.linear(context, o[0], o[1]);
  }

  private NDArray splitHeads(NDArray x, long batch, long tokens) {
    return x.reshape(batch, tokens, heads, headDim)
        .transpose(0, 2, 1, 3)
        .reshape(batch * heads, tokens, headDim);
  }
}
