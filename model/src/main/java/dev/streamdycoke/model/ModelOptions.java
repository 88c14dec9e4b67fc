package dev.streamdycoke.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;

/**
 * Where the model runs and in which precision.
 *
 * @param device CPU, or a CUDA device
 * @param dataType float32 on CPU; float16 on GPU (bfloat16 is not offered: DJL 0.35.1 aborts the
 *     JVM converting tensors to it)
 */
public record ModelOptions(Device device, DataType dataType) {

  public ModelOptions {
    if (dataType != DataType.FLOAT32 && dataType != DataType.FLOAT16) {
      throw new IllegalArgumentException("dataType must be float32 or float16, was " + dataType);
    }
  }

  /** float32 on the CPU: the default, and what every test uses. */
  public static ModelOptions cpu() {
    return new ModelOptions(Device.cpu(), DataType.FLOAT32);
  }

  /** float16 on CUDA device {@code index}. */
  public static ModelOptions gpu(int index) {
    return new ModelOptions(Device.gpu(index), DataType.FLOAT16);
  }

  /**
   * From a configuration value: {@code cpu}, {@code cuda} / {@code gpu} (device 0), {@code cuda:N},
   * or {@code auto} (the first GPU when the engine sees one, else the CPU).
   */
  public static ModelOptions parse(String device) {
    String d = device.trim().toLowerCase(java.util.Locale.ROOT);
    if (d.equals("cpu")) {
      return cpu();
    }
    if (d.equals("auto")) {
      return Engine.getInstance().getGpuCount() > 0 ? gpu(0) : cpu();
    }
    if (d.equals("cuda") || d.equals("gpu")) {
      return gpu(0);
    }
    if (d.startsWith("cuda:") || d.startsWith("gpu:")) {
      return gpu(Integer.parseInt(d.substring(d.indexOf(':') + 1)));
    }
    throw new IllegalArgumentException(
        "device must be cpu, auto, cuda or cuda:N, was '" + device + "'");
  }
}
