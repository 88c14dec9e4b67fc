package dev.streamdycoke.operators.testing;

import dev.streamdycoke.operators.records.RawRecord;
import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.Frame;
import dev.streamdycoke.schemas.FrameFormat;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The one builder of frame records for tests: images written with ImageIO, PNG headers that lie
 * about their size, wrapped in Avro Frames and in Kafka records as the job receives them.
 */
public final class TestFrames {

  public static final AvroCodec<Frame> CODEC = AvroCodec.frames();
  public static final long CAPTURE_MS = 1_767_225_600_000L;

  private TestFrames() {}

  /** A colourful test pattern: every pixel differs from its neighbours. */
  public static BufferedImage pattern(int w, int h) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, rgb(x, y));
      }
    }
    return image;
  }

  /** The pattern's colour at (x, y) as 0xRRGGBB. */
  public static int rgb(int x, int y) {
    return ((x * 8) & 0xff) << 16 | ((y * 8) & 0xff) << 8 | ((x * y + 40) & 0xff);
  }

  /** A smooth gradient, which JPEG reproduces closely. */
  public static BufferedImage smooth(int w, int h) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, (x * 255 / w) << 16 | (y * 255 / h) << 8 | 128);
      }
    }
    return image;
  }

  public static byte[] png(BufferedImage image) {
    return write(image, "png");
  }

  public static byte[] jpeg(BufferedImage image) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.95f);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  public static byte[] write(BufferedImage image, String format) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, bytes)) {
        throw new IllegalStateException("no writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * A PNG that is all header: signature, an IHDR declaring {@code w x h} 8-bit RGB with a correct
   * CRC, and IEND. A few dozen bytes that would decode to {@code 3 * w * h} bytes.
   */
  public static byte[] pngHeader(int w, int h) {
    ByteBuffer ihdr =
        ByteBuffer.allocate(13)
            .putInt(w)
            .putInt(h)
            .put((byte) 8)
            .put((byte) 2)
            .put((byte) 0)
            .put((byte) 0)
            .put((byte) 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  public static Frame frame(String camera, FrameFormat format, int w, int h, byte[] data) {
    return Frame.newBuilder()
        .setCameraId(camera)
        .setSeq(7L)
        .setCaptureTime(Instant.ofEpochMilli(CAPTURE_MS))
        .setFormat(format)
        .setWidth(w)
        .setHeight(h)
        .setData(ByteBuffer.wrap(data))
        .build();
  }

  public static byte[] value(String camera, FrameFormat format, int w, int h, byte[] data) {
    return CODEC.encode(frame(camera, format, w, h, data));
  }

  /** A record on topic "frames", partition 2, keyed by {@code camera}. */
  public static RawRecord record(long offset, String camera, byte[] value) {
    byte[] key = camera == null ? null : camera.getBytes(StandardCharsets.UTF_8);
    return new RawRecord("frames", 2, offset, CAPTURE_MS + 5, key, value);
  }

  public static RawRecord record(byte[] value) {
    return record(100, "cam-1", value);
  }
}
