package dev.streamdycoke.cli.cameras;

import dev.streamdycoke.model.vision.RgbImage;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/** Conversions between {@link RgbImage} and Java 2D, and in-memory image decoding. */
public final class Images {

  private Images() {}

  /** A {@code TYPE_3BYTE_BGR} copy: the layout ImageIO's JPEG and PNG writers take directly. */
  public static BufferedImage toBufferedImage(RgbImage image) {
    BufferedImage out =
        new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_3BYTE_BGR);
    byte[] bgr = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
    byte[] rgb = image.rgb();
    for (int p = 0; p < rgb.length; p += 3) {
      bgr[p] = rgb[p + 2];
      bgr[p + 1] = rgb[p + 1];
      bgr[p + 2] = rgb[p];
    }
    return out;
  }

  /** The pixels of any BufferedImage as packed RGB (alpha dropped, palettes expanded). */
  public static RgbImage fromBufferedImage(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] rgb = new byte[3 * w * h];
    boolean plainBgr =
        image.getType() == BufferedImage.TYPE_3BYTE_BGR
            && image.getRaster().getDataBuffer() instanceof DataBufferByte
            && image.getRaster().getParent() == null; // a sub-image would have an offset
    if (plainBgr) {
      byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
      for (int p = 0; p < rgb.length; p += 3) {
        rgb[p] = bgr[p + 2];
        rgb[p + 1] = bgr[p + 1];
        rgb[p + 2] = bgr[p];
      }
    } else {
      int[] row = new int[w];
      for (int y = 0; y < h; y++) {
        image.getRGB(0, y, w, 1, row, 0, w);
        for (int x = 0, p = 3 * y * w; x < w; x++, p += 3) {
          rgb[p] = (byte) (row[x] >> 16);
          rgb[p + 1] = (byte) (row[x] >> 8);
          rgb[p + 2] = (byte) row[x];
        }
      }
    }
    return new RgbImage(w, h, rgb);
  }

  /** Bilinear resize (returns {@code image} itself when the size already matches). */
  public static RgbImage resize(RgbImage image, int width, int height) {
    if (image.width() == width && image.height() == height) {
      return image;
    }
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(toBufferedImage(image), 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return fromBufferedImage(out);
  }

  /**
   * Decodes a JPEG or PNG held in memory. Reads through a memory cache: ImageIO's default may spill
   * to temporary files, which costs a disk round trip per frame.
   *
   * @throws IOException if the bytes are no image ImageIO can read
   */
  public static RgbImage decode(byte[] encoded) throws IOException {
    // ImageIO.read closes the stream itself when a reader took it; a memory stream holds nothing
    // that needs closing otherwise.
    ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded));
    BufferedImage image = ImageIO.read(in);
    if (image == null) {
      throw new IOException("not a readable image (" + encoded.length + " bytes)");
    }
    return fromBufferedImage(image);
  }
}
