package dev.streamdycoke.operators.decode;

import static dev.streamdycoke.operators.decode.InvalidFrameException.Category.BAD_DIMENSIONS;
import static dev.streamdycoke.operators.decode.InvalidFrameException.Category.CORRUPT_IMAGE;
import static dev.streamdycoke.operators.decode.InvalidFrameException.Category.FORMAT_MISMATCH;
import static dev.streamdycoke.operators.decode.InvalidFrameException.Category.TOO_LARGE;

import dev.streamdycoke.model.vision.RgbImage;
import dev.streamdycoke.schemas.FrameFormat;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes the JPEG or PNG file of a frame with {@code javax.imageio}, defensively.
 *
 * <ul>
 *   <li>The leading bytes are checked against the format field first, so a lying producer gets
 *       FORMAT_MISMATCH rather than a decoder stack trace.
 *   <li>The image header's dimensions are read before any pixel: a 100000x100000 PNG of a few
 *       hundred bytes is rejected without allocating its 40 GB raster.
 *   <li>Any decoder warning fails the frame: for a truncated JPEG, ImageIO returns an image whose
 *       missing part is grey and only warns "Premature end of JPEG file", and such a frame would
 *       silently feed the model garbage.
 *   <li>Every exception ImageIO throws, checked or not, becomes CORRUPT_IMAGE.
 * </ul>
 */
final class ImageDecoder {

  private ImageDecoder() {}

  /**
   * @param format JPEG or PNG
   * @param width the width the frame declares, already checked against the limits
   * @param height the height the frame declares, already checked against the limits
   * @param cameraId carried into the exception for the dead letter
   */
  static RgbImage decode(
      FrameFormat format,
      byte[] data,
      int off,
      int len,
      int width,
      int height,
      FrameLimits limits,
      String cameraId)
      throws InvalidFrameException {
    String actual = Signatures.identify(data, off, len);
    if (actual == null) {
      throw new InvalidFrameException(
          CORRUPT_IMAGE,
          (len == 0
              ? "empty " + format + " data"
              : format
                  + " data does not start with a "
                  + format
                  + " signature (first bytes "
                  + Signatures.hexPrefix(data, off, len, 8)
                  + ")"),
          cameraId,
          null);
    }
    if (!actual.equals(format.name())) {
      throw new InvalidFrameException(
          FORMAT_MISMATCH,
          "format says " + format + " but the data is a " + actual + " file",
          cameraId,
          null);
    }
    ImageReader reader = readerFor(format);
    WarningCollector warnings = new WarningCollector();
    try (ImageInputStream in =
        new MemoryCacheImageInputStream(new ByteArrayInputStream(data, off, len))) {
      // seekForwardOnly and ignoreMetadata: nothing but the pixels of image 0 is wanted.
      reader.setInput(in, true, true);
      reader.addIIOReadWarningListener(warnings);
      int w = reader.getWidth(0);
      int h = reader.getHeight(0);
      checkHeader(format, w, h, width, height, limits, cameraId);
      BufferedImage image = reader.read(0);
      if (warnings.first != null) {
        throw new InvalidFrameException(
            CORRUPT_IMAGE,
            format + " decoder warned: " + warnings.first + " (a truncated or damaged file)",
            cameraId,
            null);
      }
      if (image.getWidth() != w || image.getHeight() != h) {
        throw new InvalidFrameException(
            CORRUPT_IMAGE,
            format
                + " header says "
                + w
                + "x"
                + h
                + " but "
                + image.getWidth()
                + "x"
                + image.getHeight()
                + " was decoded",
            cameraId,
            null);
      }
      return new RgbImage(w, h, RgbPixels.toRgb24(image));
    } catch (IOException e) {
      throw new InvalidFrameException(
          CORRUPT_IMAGE, "cannot decode " + format + ": " + describe(e), cameraId, e);
    } catch (RuntimeException e) {
      // ImageIO plugins throw IndexOutOfBounds, IllegalArgument, NegativeArraySize... on
      // crafted input; none of that may fail the job.
      throw new InvalidFrameException(
          CORRUPT_IMAGE, format + " decoder failed: " + describe(e), cameraId, e);
    } finally {
      reader.dispose();
    }
  }

  private static void checkHeader(
      FrameFormat format, int w, int h, int width, int height, FrameLimits limits, String cameraId)
      throws InvalidFrameException {
    if (w < 1 || h < 1) {
      throw new InvalidFrameException(
          BAD_DIMENSIONS, format + " header declares " + w + "x" + h, cameraId, null);
    }
    String tooLarge = limits.checkSize(w, h);
    if (tooLarge != null) {
      throw new InvalidFrameException(
          TOO_LARGE, format + " header declares " + tooLarge, cameraId, null);
    }
    if (w != width || h != height) {
      throw new InvalidFrameException(
          BAD_DIMENSIONS,
          "frame declares "
              + width
              + "x"
              + height
              + " but its "
              + format
              + " image is "
              + w
              + "x"
              + h,
          cameraId,
          null);
    }
  }

  /**
   * Fails fast, at operator start, if this JVM lacks a JPEG or PNG reader; every JDK ships both, so
   * a missing one means a broken runtime, not a bad record.
   */
  static void requireReaders() {
    readerFor(FrameFormat.JPEG).dispose();
    readerFor(FrameFormat.PNG).dispose();
  }

  private static ImageReader readerFor(FrameFormat format) {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.name());
    if (!readers.hasNext()) {
      throw new IllegalStateException("no javax.imageio reader for " + format);
    }
    return readers.next();
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    String text =
        message == null || message.isBlank()
            ? e.getClass().getSimpleName()
            : e.getClass().getSimpleName() + ": " + message;
    Throwable cause = e.getCause();
    if (cause != null && cause != e && cause.getMessage() != null) {
      text += " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
    }
    return text;
  }

  /** Keeps the first warning; one is enough to distrust the pixels. */
  private static final class WarningCollector implements IIOReadWarningListener {
    String first;

    @Override
    public void warningOccurred(ImageReader source, String warning) {
      if (first == null) {
        first = warning == null ? "(no message)" : warning;
      }
    }
  }
}
