package dev.streamdycoke.model.checkpoint;

/**
 * How frames become pixel values, as the checkpoint's {@code preprocessor_config.json} says.
 *
 * @param height target height in pixels
 * @param width target width in pixels
 * @param doResize resize to {@code height x width}
 * @param resample PIL resample filter id (3 = bicubic, 2 = bilinear)
 * @param doRescale multiply by {@code rescaleFactor}
 * @param rescaleFactor usually 1/255
 * @param doNormalize subtract mean and divide by std per channel
 * @param imageMean per-channel mean, RGB order
 * @param imageStd per-channel std, RGB order
 */
public record PreprocessorConfig(
    int height,
    int width,
    boolean doResize,
    int resample,
    boolean doRescale,
    double rescaleFactor,
    boolean doNormalize,
    float[] imageMean,
    float[] imageStd) {}
