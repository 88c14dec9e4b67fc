package dev.streamdycoke.model.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.streamdycoke.model.checkpoint.LlavaOnevisionConfig;
import dev.streamdycoke.model.checkpoint.TensorLayout;
import dev.streamdycoke.model.checkpoint.WeightSource;
import java.util.function.UnaryOperator;

/**
 * {@code LlavaOnevisionMultiModalProjector}: {@code linear_2(act(linear_1(x)))}, mapping vision
 * features into the language model's embedding space; {@code act} is {@code projector_hidden_act}
 * ({@code gelu}, the exact erf form, for every released checkpoint).
 */
public final class MultiModalProjector implements AutoCloseable {
  private final NDManager manager;
  private final UnaryOperator<NDArray> act;
  private final NDArray weight1;
  private final NDArray bias1;
  private final NDArray weight2;
  private final NDArray bias2;

  /** Loads the projector's weights into a sub-manager of {@code parent}, as {@code dataType}. */
  public MultiModalProjector(
      LlavaOnevisionConfig config, WeightSource weights, NDManager parent, DataType dataType) {
    Ops.checkComputeType(dataType);
    this.act = Ops.activation(config.projectorHiddenAct());
    int in = config.projectorInputSize();
    int out = config.text().hiddenSize();
    String p = TensorLayout.PROJECTOR;
    this.manager = parent.newSubManager();
    try {
      weight1 = Ops.load(weights, p + "linear_1.weight", new Shape(out, in), manager, dataType);
      bias1 = Ops.load(weights, p + "linear_1.bias", new Shape(out), manager, dataType);
      weight2 = Ops.load(weights, p + "linear_2.weight", new Shape(out, out), manager, dataType);
      bias2 = Ops.load(weights, p + "linear_2.bias", new Shape(out), manager, dataType);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * {@code [..., projectorInputSize] -> [..., textHiddenSize]}, attached to {@code features}'
   * manager; the caller closes it.
   */
  public NDArray forward(NDArray features) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray out = Ops.linear(act.apply(Ops.linear(features, weight1, bias1)), weight2, bias2);
      out.attach(features.getManager());
      NDScope.unregister(out);
      return out;
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
