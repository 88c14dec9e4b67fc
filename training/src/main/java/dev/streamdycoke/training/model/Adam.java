package dev.streamdycoke.training.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import java.util.HashMap;
import java.util.Map;

/**
 * Adam with decoupled weight decay (AdamW) over named NDArrays, updated in place, with the
 * gradients clipped to a global norm first. Hand-written because the runtime's modules are not
 * DJL {@code Block}s, so DJL's {@code Trainer} and its optimizers do not apply; the arithmetic is
 * the textbook one (Kingma and Ba, Loshchilov and Hutter).
 *
 * <p>Call {@link #step} outside any gradient collector: the in-place updates of leaf arrays that
 * require gradients are only legal with autograd recording off.
 */
public final class Adam implements AutoCloseable {
  private final NDManager manager;
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final float weightDecay;
  private final float clipNorm;
  private final Map<String, NDArray> firstMoments = new HashMap<>();
  private final Map<String, NDArray> secondMoments = new HashMap<>();
  private int steps;

  /**
   * @param weightDecay decoupled decay per unit of learning rate, applied to matrices only
   * @param clipNorm largest global gradient norm; larger gradients are scaled down to it
   */
  public Adam(NDManager parent, float weightDecay, float clipNorm) {
    this.manager = parent.newSubManager();
    this.beta1 = 0.9f;
    this.beta2 = 0.999f;
    this.epsilon = 1e-8f;
    this.weightDecay = weightDecay;
    this.clipNorm = clipNorm;
  }

  /**
   * Updates every parameter with a gradient from its gradient, at {@code learningRate}.
   *
   * @return the global gradient norm before clipping
   */
  public double step(Map<String, NDArray> parameters, float learningRate) {
    steps++;
    Map<String, NDArray> grads = new HashMap<>();
    double squares = 0;
    for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
      NDArray g = e.getValue().getGradient();
      if (g != null) {
        grads.put(e.getKey(), g);
        try (NDScope scope = new NDScope()) {
          scope.suppressNotUsedWarning();
          squares += g.square().sum().getFloat();
        }
      }
    }
    double norm = Math.sqrt(squares);
    if (!Double.isFinite(norm)) {
      // One bad batch must not poison the moments: drop its gradients and do not step.
      steps--;
      zero(grads);
      return norm;
    }
    float scale = norm > clipNorm ? (float) (clipNorm / norm) : 1f;
    float correction1 = 1f - (float) Math.pow(beta1, steps);
    float correction2 = 1f - (float) Math.pow(beta2, steps);
    // Every temporary below belongs to the scope: results of arithmetic on the moments or the
    // gradient land in their owners' long-lived managers otherwise, megabytes per step.
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      for (Map.Entry<String, NDArray> e : grads.entrySet()) {
        String name = e.getKey();
        NDArray p = parameters.get(name);
        NDArray g = e.getValue();
        NDArray clipped = g.mul(scale);
        NDArray m = firstMoments.computeIfAbsent(name, k -> moment(p));
        NDArray v = secondMoments.computeIfAbsent(name, k -> moment(p));
        m.muli(beta1).addi(clipped.mul(1f - beta1));
        v.muli(beta2).addi(clipped.square().mul(1f - beta2));
        NDArray update =
            m.div(correction1).div(v.div(correction2).sqrt().add(epsilon)).mul(learningRate);
        if (weightDecay > 0 && p.getShape().dimension() > 1) {
          p.muli(1f - learningRate * weightDecay);
        }
        p.subi(update);
      }
    }
    zero(grads);
    return norm;
  }

  /** A zero moment that outlives the update's scope. */
  private NDArray moment(NDArray parameter) {
    NDArray zeros = manager.zeros(parameter.getShape());
    NDScope.unregister(zeros);
    return zeros;
  }

  /**
   * Clears the gradients in place: PyTorch accumulates into them, and DJL's collector only clears
   * those of arrays it can see from the system manager, which parameters in sub-managers are not.
   */
  private static void zero(Map<String, NDArray> grads) {
    for (NDArray g : grads.values()) {
      g.set(new NDIndex("..."), 0f);
      g.close();
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
