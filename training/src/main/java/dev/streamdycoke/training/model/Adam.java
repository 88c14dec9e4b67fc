package dev.streamdycoke.training.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.util.HashMap;
import java.util.Map;

/**
 * AdamW over named NDArrays, updated in place by DJL's optimizer ({@link Optimizer#adamW}), with
 * what DJL's optimizers lack around it: the gradients are clipped to a global norm first (DJL clips
 * element by element), a batch with a non-finite norm is skipped without touching the moments,
 * weight decay applies to matrices only, and the gradients are cleared afterwards. The runtime's
 * modules are not DJL {@code Block}s, so DJL's {@code Trainer} does not apply; its optimizer does,
 * one parameter at a time.
 *
 * <p>Call {@link #step} outside any gradient collector: the in-place updates of leaf arrays that
 * require gradients are only legal with autograd recording off. DJL keeps each parameter's moments
 * next to the parameter (in its manager), so they live as long as the weights do.
 */
public final class Adam implements AutoCloseable {
  private final float clipNorm;

  /** The learning rate of the current step, read by both optimizers' trackers. */
  private float learningRate;

  private final Optimizer decayed;
  private final Optimizer plain;

  /**
   * @param weightDecay decoupled decay per unit of learning rate, applied to matrices only
   * @param clipNorm largest global gradient norm; larger gradients are scaled down to it
   */
  public Adam(float weightDecay, float clipNorm) {
    this.clipNorm = clipNorm;
    ParameterTracker rate = (parameter, update) -> learningRate;
    this.decayed =
        Optimizer.adamW().optLearningRateTracker(rate).optWeightDecays(weightDecay).build();
    this.plain = Optimizer.adamW().optLearningRateTracker(rate).optWeightDecays(0f).build();
  }

  /**
   * Updates every parameter with a gradient from its gradient, at {@code learningRate}.
   *
   * @return the global gradient norm before clipping
   */
  public double step(Map<String, NDArray> parameters, float learningRate) {
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
      zero(grads);
      return norm;
    }
    this.learningRate = learningRate;
    float scale = norm > clipNorm ? (float) (clipNorm / norm) : 1f;
    // No NDScope around the updates: DJL creates a parameter's moments on its first update, and
    // a scope would close them with the step's temporaries. The update itself is in place.
    for (Map.Entry<String, NDArray> e : grads.entrySet()) {
      NDArray p = parameters.get(e.getKey());
      NDArray g = e.getValue();
      if (scale != 1f) {
        g.muli(scale);
      }
      Optimizer optimizer = p.getShape().dimension() > 1 ? decayed : plain;
      optimizer.update(e.getKey(), p, g);
    }
    zero(grads);
    return norm;
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

  /** Nothing of its own to free (the moments belong to the parameters' managers). */
  @Override
  public void close() {}
}
