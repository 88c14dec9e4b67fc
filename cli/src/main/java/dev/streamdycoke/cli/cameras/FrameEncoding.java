package dev.streamdycoke.cli.cameras;

import dev.streamdycoke.model.vision.RgbImage;
import dev.streamdycoke.schemas.Frame;
import dev.streamdycoke.schemas.FrameFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Turns captured frames into the Avro {@link Frame} of the frames topic: JPEG (ImageIO, with a
 * quality setting), PNG (lossless) or raw RGB24.
 *
 * <p>Immutable and thread-safe: each call gets its own ImageIO writer (writers are not thread-safe,
 * and creating one is cheap next to compressing a frame).
 */
public final class FrameEncoding {

  /** ImageIO's own default; visually clean at camera resolutions, about 15-25 KB at 384x288. */
  public static final float DEFAULT_JPEG_QUALITY = 0.85f;

  private final FrameFormat format;
  private final float jpegQuality;

  private FrameEncoding(FrameFormat format, float jpegQuality) {
    if (jpegQuality < 0 || jpegQuality > 1) {
      throw new IllegalArgumentException("JPEG quality must be in [0, 1]: " + jpegQuality);
    }
    this.format = format;
    this.jpegQuality = jpegQuality;
  }

  /** JPEG at {@code quality} in [0, 1]. */
  public static FrameEncoding jpeg(float quality) {
    return new FrameEncoding(FrameFormat.JPEG, quality);
  }

  public static FrameEncoding png() {
    return new FrameEncoding(FrameFormat.PNG, DEFAULT_JPEG_QUALITY);
  }

  public static FrameEncoding rgb24() {
    return new FrameEncoding(FrameFormat.RGB24, DEFAULT_JPEG_QUALITY);
  }

  /** The encoding for {@code format}, JPEG at the default quality. */
  public static FrameEncoding of(FrameFormat format) {
    return new FrameEncoding(format, DEFAULT_JPEG_QUALITY);
  }

  public FrameFormat format() {
    return format;
  }

  public float jpegQuality() {
    return jpegQuality;
  }

  /** The image as {@code Frame.data} carries it in this format. */
  public byte[] encode(RgbImage image) {
    return switch (format) {
      case RGB24 -> image.rgb().clone();
      case JPEG -> write(image, "jpeg", true);
      case PNG -> write(image, "png", false);
    };
  }

  /** The Avro record for {@code frame} from camera {@code cameraId}. */
  public Frame toFrame(String cameraId, CapturedFrame frame) {
    RgbImage image = frame.image();
    return Frame.newBuilder()
        .setCameraId(cameraId)
        .setSeq(frame.seq())
        .setCaptureTime(frame.captureTime())
        .setFormat(format)
        .setWidth(image.width())
        .setHeight(image.height())
        .setData(ByteBuffer.wrap(encode(image)))
        .setAttributes(frame.attributes().isEmpty() ? null : frame.attributes())
        .build();
  }

  private byte[] write(RgbImage image, String formatName, boolean lossy) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(formatName);
    if (!writers.hasNext()) {
      throw new IllegalStateException("this JRE has no ImageIO writer for " + formatName);
    }
    ImageWriter writer = writers.next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(lossy ? 32 * 1024 : 128 * 1024);
    // A memory cache: ImageIO's default stream may spill to a temporary file per frame.
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (lossy) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(jpegQuality);
      }
      writer.write(null, new IIOImage(Images.toBufferedImage(image), null, null), param);
    } catch (IOException e) {
      // Only a bug can get here: the stream is in memory.
      throw new UncheckedIOException("cannot encode a frame as " + formatName, e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  @Override
  public String toString() {
    return format == FrameFormat.JPEG ? "JPEG(q=" + jpegQuality + ")" : format.toString();
  }
}
