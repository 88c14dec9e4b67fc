package dev.streamdycoke.operators.decode;

import static dev.streamdycoke.operators.testing.TestFrames.jpeg;
import static dev.streamdycoke.operators.testing.TestFrames.png;
import static dev.streamdycoke.operators.testing.TestFrames.record;
import static dev.streamdycoke.operators.testing.TestFrames.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.operators.decode.InvalidFrameException.Category;
import dev.streamdycoke.operators.records.DecodedFrame;
import dev.streamdycoke.operators.records.RawRecord;
import dev.streamdycoke.operators.testing.TestFrames;
import dev.streamdycoke.schemas.FrameFormat;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

  private final FrameDecoder decoder = new FrameDecoder(FrameLimits.defaults());

  private InvalidFrameException rejected(RawRecord record, Category expected) {
    return rejected(decoder, record, expected);
  }

  private static InvalidFrameException rejected(
      FrameDecoder decoder, RawRecord record, Category expected) {
    InvalidFrameException e =
        assertThrows(InvalidFrameException.class, () -> decoder.decode(record));
    assertEquals(expected, e.category(), e.getMessage());
    assertTrue(e.deadLetterReason().startsWith(expected.name() + ": "), e.deadLetterReason());
    return e;
  }

  private static byte[] rgb24(int w, int h) {
    byte[] rgb = new byte[w * h * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) (i * 7);
    }
    return rgb;
  }

  private static int[] pixel(DecodedFrame f, int x, int y) {
    int i = 3 * (y * f.width + x);
    return new int[] {f.rgb[i] & 0xff, f.rgb[i + 1] & 0xff, f.rgb[i + 2] & 0xff};
  }

  // ---- valid frames ----

  @Test
  void decodesRgb24AsIsWithSourceCoordinates() throws Exception {
    byte[] rgb = rgb24(5, 3);
    DecodedFrame f =
        decoder.decode(record(41, "cam-1", value("cam-1", FrameFormat.RGB24, 5, 3, rgb)));
    assertEquals("cam-1", f.cameraId);
    assertEquals(7L, f.seq);
    assertEquals(TestFrames.CAPTURE_MS, f.captureTime);
    assertEquals(5, f.width);
    assertEquals(3, f.height);
    assertArrayEquals(rgb, f.rgb);
    assertEquals("frames", f.sourceTopic);
    assertEquals(2, f.sourcePartition);
    assertEquals(41L, f.sourceOffset);
  }

  @Test
  void decodesPngExactly() throws Exception {
    DecodedFrame f =
        decoder.decode(
            record(value("cam-1", FrameFormat.PNG, 13, 9, png(TestFrames.pattern(13, 9)))));
    for (int y = 0; y < 9; y++) {
      for (int x = 0; x < 13; x++) {
        int c = TestFrames.rgb(x, y);
        assertArrayEquals(
            new int[] {c >> 16 & 0xff, c >> 8 & 0xff, c & 0xff},
            pixel(f, x, y),
            "pixel " + x + "," + y);
      }
    }
  }

  @Test
  void decodesJpegClosely() throws Exception {
    BufferedImage src = TestFrames.smooth(32, 24);
    DecodedFrame f = decoder.decode(record(value("cam-1", FrameFormat.JPEG, 32, 24, jpeg(src))));
    assertEquals(32 * 24 * 3, f.rgb.length);
    int worst = 0;
    for (int y = 0; y < 24; y++) {
      for (int x = 0; x < 32; x++) {
        int c = src.getRGB(x, y);
        int[] p = pixel(f, x, y);
        worst = Math.max(worst, Math.abs(p[0] - (c >> 16 & 0xff)));
        worst = Math.max(worst, Math.abs(p[1] - (c >> 8 & 0xff)));
        worst = Math.max(worst, Math.abs(p[2] - (c & 0xff)));
      }
    }
    assertTrue(worst <= 16, "JPEG error " + worst);
  }

  @Test
  void greyPngDecodesToEqualChannelsWithoutGammaShift() throws Exception {
    BufferedImage grey = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster r = grey.getRaster();
    for (int x = 0; x < 4; x++) {
      r.setSample(x, 0, 0, 100);
      r.setSample(x, 1, 0, 30 * x);
    }
    DecodedFrame f = decoder.decode(record(value("cam-1", FrameFormat.PNG, 4, 2, png(grey))));
    assertArrayEquals(new int[] {100, 100, 100}, pixel(f, 2, 0));
    assertArrayEquals(new int[] {90, 90, 90}, pixel(f, 3, 1));
  }

  @Test
  void sixteenBitGreyPngScalesToEightBits() throws Exception {
    BufferedImage grey = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
    grey.getRaster().setSample(0, 0, 0, 0xffff);
    grey.getRaster().setSample(1, 0, 0, 0x8080);
    DecodedFrame f = decoder.decode(record(value("cam-1", FrameFormat.PNG, 2, 1, png(grey))));
    assertArrayEquals(new int[] {255, 255, 255}, pixel(f, 0, 0));
    assertArrayEquals(new int[] {128, 128, 128}, pixel(f, 1, 0));
  }

  @Test
  void palettePngDecodesToItsColours() throws Exception {
    byte[] red = {(byte) 255, 0, 10};
    byte[] green = {0, (byte) 200, 20};
    byte[] blue = {0, 0, 30};
    IndexColorModel palette = new IndexColorModel(2, 3, red, green, blue);
    BufferedImage image = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_BINARY, palette);
    for (int x = 0; x < 3; x++) {
      image.getRaster().setSample(x, 0, 0, x);
    }
    DecodedFrame f = decoder.decode(record(value("cam-1", FrameFormat.PNG, 3, 1, png(image))));
    assertArrayEquals(new int[] {255, 0, 0}, pixel(f, 0, 0));
    assertArrayEquals(new int[] {0, 200, 0}, pixel(f, 1, 0));
    assertArrayEquals(new int[] {10, 20, 30}, pixel(f, 2, 0));
  }

  @Test
  void alphaIsDroppedNotComposited() throws Exception {
    BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
    image.setRGB(0, 0, 0x00_40_80_C0); // fully transparent, colour kept as PIL's convert does
    image.setRGB(1, 0, 0x80_10_20_30);
    DecodedFrame f = decoder.decode(record(value("cam-1", FrameFormat.PNG, 2, 1, png(image))));
    assertArrayEquals(new int[] {0x40, 0x80, 0xC0}, pixel(f, 0, 0));
    assertArrayEquals(new int[] {0x10, 0x20, 0x30}, pixel(f, 1, 0));
  }

  @Test
  void greyJpegDecodesToEqualChannels() throws Exception {
    BufferedImage grey = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
    Arrays.fill(
        ((java.awt.image.DataBufferByte) grey.getRaster().getDataBuffer()).getData(), (byte) 120);
    DecodedFrame f = decoder.decode(record(value("cam-1", FrameFormat.JPEG, 16, 16, jpeg(grey))));
    int[] p = pixel(f, 5, 5);
    assertEquals(p[0], p[1]);
    assertEquals(p[1], p[2]);
    assertTrue(Math.abs(p[0] - 120) <= 2, "grey " + p[0]);
  }

  @Test
  void fourChannelJpegDecodesOrIsCorruptImage() throws Exception {
    // ImageIO writes a 4-band raster as an Adobe-less 4-component JPEG (CMYK-like); its reader
    // may refuse it. Either outcome is fine, anything else is not.
    WritableRaster cmyk =
        java.awt.image.Raster.createInterleavedRaster(
            java.awt.image.DataBuffer.TYPE_BYTE, 8, 8, 4, null);
    javax.imageio.ImageWriter writer =
        javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (var out = new javax.imageio.stream.MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new javax.imageio.IIOImage(cmyk, null, null), null);
    } finally {
      writer.dispose();
    }
    RawRecord r = record(value("cam-1", FrameFormat.JPEG, 8, 8, bytes.toByteArray()));
    try {
      assertEquals(8 * 8 * 3, decoder.decode(r).rgb.length);
    } catch (InvalidFrameException e) {
      assertEquals(Category.CORRUPT_IMAGE, e.category(), e.getMessage());
    }
  }

  // ---- the record ----

  @Test
  void tombstoneIsNullValue() {
    rejected(record(null), Category.NULL_VALUE);
  }

  @Test
  void oversizedRecordIsTooLargeBeforeDecoding() {
    FrameDecoder small = new FrameDecoder(FrameLimits.defaults().withMaxRecordBytes(100));
    InvalidFrameException e =
        rejected(
            small,
            record(value("cam-1", FrameFormat.RGB24, 8, 8, rgb24(8, 8))),
            Category.TOO_LARGE);
    assertTrue(e.detail().contains("100 byte limit"), e.detail());
  }

  @Test
  void nonAvroBytesAreNotAvro() {
    rejected(
        record("hello, frames".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        Category.NOT_AVRO);
    rejected(record(new byte[0]), Category.NOT_AVRO);
  }

  @Test
  void cutRecordIsTruncated() {
    byte[] v = value("cam-1", FrameFormat.RGB24, 8, 8, rgb24(8, 8));
    rejected(record(Arrays.copyOf(v, v.length / 2)), Category.TRUNCATED);
  }

  @Test
  void unknownFingerprintIsUnknownSchema() {
    byte[] v = value("cam-1", FrameFormat.RGB24, 2, 2, rgb24(2, 2));
    v[5] ^= 0x5A;
    rejected(record(v), Category.UNKNOWN_SCHEMA);
  }

  @Test
  void trailingBytesAreMalformed() {
    byte[] v = value("cam-1", FrameFormat.RGB24, 2, 2, rgb24(2, 2));
    rejected(record(Arrays.copyOf(v, v.length + 3)), Category.MALFORMED);
  }

  @Test
  void emptyOrBlankCameraId() {
    rejected(record(value("", FrameFormat.RGB24, 2, 2, rgb24(2, 2))), Category.EMPTY_CAMERA_ID);
    rejected(record(value(" \t", FrameFormat.RGB24, 2, 2, rgb24(2, 2))), Category.EMPTY_CAMERA_ID);
  }

  @Test
  void overlongCameraIdIsTooLarge() {
    InvalidFrameException e =
        rejected(
            record(value("c".repeat(257), FrameFormat.RGB24, 2, 2, rgb24(2, 2))),
            Category.TOO_LARGE);
    assertNull(e.cameraId());
  }

  // ---- dimensions ----

  @Test
  void nonPositiveDimensionsAreBad() {
    rejected(record(value("cam-1", FrameFormat.RGB24, 0, 2, new byte[0])), Category.BAD_DIMENSIONS);
    InvalidFrameException e =
        rejected(
            record(value("cam-1", FrameFormat.PNG, 3, -1, png(TestFrames.pattern(3, 1)))),
            Category.BAD_DIMENSIONS);
    assertEquals("cam-1", e.cameraId());
  }

  @Test
  void declaredDimensionsOverLimitsAreTooLarge() {
    rejected(record(value("cam-1", FrameFormat.RGB24, 5000, 10, new byte[3])), Category.TOO_LARGE);
    FrameDecoder tight = new FrameDecoder(FrameLimits.defaults().withMaxImage(100, 100, 50));
    rejected(
        tight,
        record(value("cam-1", FrameFormat.RGB24, 10, 10, rgb24(10, 10))),
        Category.TOO_LARGE);
  }

  @Test
  void hugePngHeaderIsRejectedBeforeAnyPixelIsAllocated() {
    // 100000 x 100000 RGB would be 30 GB: decoding it would die with OutOfMemoryError.
    byte[] bomb = TestFrames.pngHeader(100_000, 100_000);
    assertTrue(bomb.length < 64);
    InvalidFrameException e =
        rejected(record(value("cam-1", FrameFormat.PNG, 64, 64, bomb)), Category.TOO_LARGE);
    assertTrue(e.detail().contains("PNG header declares 100000x100000"), e.detail());
    // Each side within bounds, pixel count not.
    FrameDecoder loose =
        new FrameDecoder(FrameLimits.defaults().withMaxImage(50_000, 50_000, 4096L * 4096L));
    rejected(
        loose,
        record(value("cam-1", FrameFormat.PNG, 64, 64, TestFrames.pngHeader(40_000, 40_000))),
        Category.TOO_LARGE);
  }

  @Test
  void declaredDimensionsMustMatchTheImage() {
    InvalidFrameException e =
        rejected(
            record(value("cam-1", FrameFormat.PNG, 20, 10, png(TestFrames.pattern(16, 16)))),
            Category.BAD_DIMENSIONS);
    assertTrue(e.detail().contains("20x10") && e.detail().contains("16x16"), e.detail());
    rejected(
        record(value("cam-1", FrameFormat.JPEG, 16, 15, jpeg(TestFrames.smooth(16, 16)))),
        Category.BAD_DIMENSIONS);
  }

  @Test
  void rgb24ShortByOneByteIsBadDimensions() {
    byte[] rgb = rgb24(4, 4);
    InvalidFrameException e =
        rejected(
            record(value("cam-1", FrameFormat.RGB24, 4, 4, Arrays.copyOf(rgb, rgb.length - 1))),
            Category.BAD_DIMENSIONS);
    assertTrue(e.detail().contains("47") && e.detail().contains("48"), e.detail());
  }

  // ---- formats and image data ----

  @Test
  void jpegLabelledPngIsFormatMismatch() {
    InvalidFrameException e =
        rejected(
            record(value("cam-1", FrameFormat.PNG, 16, 16, jpeg(TestFrames.smooth(16, 16)))),
            Category.FORMAT_MISMATCH);
    assertEquals("format says PNG but the data is a JPEG file", e.detail());
  }

  @Test
  void pngLabelledJpegIsFormatMismatch() {
    rejected(
        record(value("cam-1", FrameFormat.JPEG, 16, 16, png(TestFrames.pattern(16, 16)))),
        Category.FORMAT_MISMATCH);
  }

  @Test
  void jpegLabelledRgb24IsFormatMismatch() {
    rejected(
        record(value("cam-1", FrameFormat.RGB24, 16, 16, jpeg(TestFrames.smooth(16, 16)))),
        Category.FORMAT_MISMATCH);
  }

  @Test
  void gifLabelledJpegNamesTheRealFormat() {
    InvalidFrameException e =
        rejected(
            record(
                value(
                    "cam-1",
                    FrameFormat.JPEG,
                    4,
                    4,
                    TestFrames.write(TestFrames.pattern(4, 4), "gif"))),
            Category.FORMAT_MISMATCH);
    assertTrue(e.detail().contains("GIF"), e.detail());
  }

  @Test
  void noImageAtAllIsCorrupt() {
    rejected(
        record(value("cam-1", FrameFormat.JPEG, 4, 4, new byte[] {1, 2, 3, 4, 5})),
        Category.CORRUPT_IMAGE);
    rejected(record(value("cam-1", FrameFormat.PNG, 4, 4, new byte[0])), Category.CORRUPT_IMAGE);
  }

  @Test
  void truncatedJpegIsCorruptNotHalfGrey() {
    byte[] full = jpeg(TestFrames.pattern(64, 64));
    InvalidFrameException e =
        rejected(
            record(
                value("cam-1", FrameFormat.JPEG, 64, 64, Arrays.copyOf(full, full.length * 2 / 3))),
            Category.CORRUPT_IMAGE);
    assertEquals("cam-1", e.cameraId());
  }

  @Test
  void truncatedPngIsCorrupt() {
    byte[] full = png(TestFrames.pattern(64, 64));
    rejected(
        record(value("cam-1", FrameFormat.PNG, 64, 64, Arrays.copyOf(full, full.length * 2 / 3))),
        Category.CORRUPT_IMAGE);
  }

  @Test
  void damagedJpegScanIsCorrupt() {
    byte[] data = jpeg(TestFrames.pattern(64, 64));
    // Markers in the middle of entropy-coded data: libjpeg warns and "recovers".
    for (int i = data.length / 2; i < data.length / 2 + 40; i += 2) {
      data[i] = (byte) 0xFF;
      data[i + 1] = (byte) 0xD0;
    }
    rejected(record(value("cam-1", FrameFormat.JPEG, 64, 64, data)), Category.CORRUPT_IMAGE);
  }
}
