package dev.streamdycoke.cli.cameras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.model.vision.RgbImage;
import dev.streamdycoke.schemas.AvroCodec;
import dev.streamdycoke.schemas.Frame;
import dev.streamdycoke.schemas.FrameFormat;
import dev.streamdycoke.simulator.scene.SceneConfig;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FrameEncodingTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00.250Z");
  private static CapturedFrame frame;

  @BeforeAll
  static void captureOne() {
    SimulatedCamera camera =
        new SimulatedCamera(
            SceneConfig.builder(17).spawnRatePerSecond(3).build(), Clock.fixed(T0, ZoneOffset.UTC));
    for (int i = 0; i < 40; i++) {
      frame = camera.next().orElseThrow(); // a few seconds in, so the street has traffic
    }
  }

  @Test
  void jpegDecodesBackToTheSameSizeAndCloseColours() throws IOException {
    byte[] jpeg = FrameEncoding.jpeg(0.9f).encode(frame.image());
    assertEquals((byte) 0xFF, jpeg[0]);
    assertEquals((byte) 0xD8, jpeg[1]);
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
    assertEquals(frame.image().width(), decoded.getWidth());
    assertEquals(frame.image().height(), decoded.getHeight());
    double error = meanAbsoluteError(frame.image(), Images.fromBufferedImage(decoded));
    assertTrue(error < 6, "JPEG at 0.9 stays close to the original: " + error);
    assertTrue(jpeg.length < frame.image().rgb().length / 5, "and compresses: " + jpeg.length);
    // Lower quality, fewer bytes.
    assertTrue(FrameEncoding.jpeg(0.3f).encode(frame.image()).length < jpeg.length);
  }

  @Test
  void pngAndRgb24AreExact() throws IOException {
    RgbImage image = frame.image();
    assertArrayEquals(image.rgb(), Images.decode(FrameEncoding.png().encode(image)).rgb());
    byte[] raw = FrameEncoding.rgb24().encode(image);
    assertArrayEquals(image.rgb(), raw);
    raw[0]++;
    assertEquals(image.rgb()[0] + 1, raw[0], "a copy, not the image's own array");
  }

  @Test
  void buildsAnAvroFrameThatRoundTripsThroughTheCodec() throws Exception {
    AvroCodec<Frame> codec = AvroCodec.frames();
    for (FrameFormat format : FrameFormat.values()) {
      Frame avro = FrameEncoding.of(format).toFrame("cam-07", frame);
      Frame back = codec.decode(codec.encode(avro));
      assertEquals("cam-07", back.getCameraId());
      assertEquals(frame.seq(), back.getSeq());
      assertEquals(T0, back.getCaptureTime());
      assertEquals(format, back.getFormat());
      assertEquals(384, back.getWidth());
      assertEquals(288, back.getHeight());
      assertEquals(
          Map.of("source", "simulated", "scene.seed", "17", "scene.frame", "39"),
          back.getAttributes());
      RgbImage pixels =
          format == FrameFormat.RGB24
              ? new RgbImage(back.getWidth(), back.getHeight(), bytes(back.getData()))
              : Images.decode(bytes(back.getData()));
      assertEquals(frame.image().width(), pixels.width());
      if (format != FrameFormat.JPEG) {
        assertArrayEquals(frame.image().rgb(), pixels.rgb(), format.toString());
      }
    }
  }

  @Test
  void noAttributesTravelAsNull() {
    CapturedFrame bare = new CapturedFrame(RgbImage.filled(8, 6, 1, 2, 3), 3, T0, Map.of());
    assertNull(FrameEncoding.rgb24().toFrame("cam-01", bare).getAttributes());
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }

  private static double meanAbsoluteError(RgbImage a, RgbImage b) {
    long sum = 0;
    for (int i = 0; i < a.rgb().length; i++) {
      sum += Math.abs((a.rgb()[i] & 0xff) - (b.rgb()[i] & 0xff));
    }
    return (double) sum / a.rgb().length;
  }
}
