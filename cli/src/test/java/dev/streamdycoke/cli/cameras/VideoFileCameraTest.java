package dev.streamdycoke.cli.cameras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.model.vision.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoFileCameraTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void readsEveryFrameOfTheClipThenEnds() throws IOException {
    List<CapturedFrame> frames = new ArrayList<>();
    try (VideoFileCamera camera =
        new VideoFileCamera(TestResources.clip(), VideoFileCamera.Options.defaults(), CLOCK)) {
      assertEquals(10.0, camera.frameRate(), 0.01);
      Optional<CapturedFrame> next;
      while ((next = camera.next()).isPresent()) {
        frames.add(next.get());
      }
      assertTrue(camera.next().isEmpty(), "stays ended");
    }
    assertEquals(TestResources.CLIP_FRAMES, frames.size());
    for (int i = 0; i < frames.size(); i++) {
      CapturedFrame f = frames.get(i);
      assertEquals(i, f.seq());
      assertEquals(CLOCK.instant(), f.captureTime());
      assertEquals("vtest-clip.avi", f.attributes().get(VideoFileCamera.ATTR_SOURCE));
      assertEquals(TestResources.CLIP_WIDTH, f.image().width());
      assertEquals(TestResources.CLIP_HEIGHT, f.image().height());
      assertTrue(distinctGreys(f.image()) > 100, "real footage, not a flat frame");
    }
    // Pedestrians walk: consecutive frames differ.
    assertFalse(
        java.util.Arrays.equals(
            frames.get(0).image().rgb(), frames.get(frames.size() - 1).image().rgb()));
    // The plaza is mostly grey pavement and green lawn: the average is no single channel's.
    double[] mean = meanRgb(frames.get(0).image());
    assertTrue(mean[1] > mean[2], "lawn makes the frame greener than blue");
  }

  @Test
  void loopsWithIncreasingSeqAndScales() throws IOException {
    VideoFileCamera.Options options =
        VideoFileCamera.Options.defaults().looping(true).resizedTo(192, 144);
    try (VideoFileCamera camera = new VideoFileCamera(TestResources.clip(), options, CLOCK)) {
      CapturedFrame first = camera.next().orElseThrow();
      CapturedFrame last = first;
      for (int i = 1; i < TestResources.CLIP_FRAMES + 3; i++) {
        last = camera.next().orElseThrow();
        assertEquals(i, last.seq());
      }
      assertEquals(192, last.image().width());
      assertEquals(144, last.image().height());
      // Frame 25 is the clip's frame 0 again: the loop replays the same pixels.
      assertEquals("2", last.attributes().get(VideoFileCamera.ATTR_FILE_FRAME));
    }
    try (VideoFileCamera a = new VideoFileCamera(TestResources.clip(), options, CLOCK)) {
      RgbImage firstAgain = a.next().orElseThrow().image();
      for (int i = 1; i < TestResources.CLIP_FRAMES; i++) {
        a.next();
      }
      assertArrayEquals(firstAgain.rgb(), a.next().orElseThrow().image().rgb());
    }
  }

  @Test
  void missingOrBrokenFilesFailAtOpen(@TempDir Path dir) throws IOException {
    assertThrows(
        NoSuchFileException.class,
        () -> new VideoFileCamera(dir.resolve("none.avi"), VideoFileCamera.Options.defaults()));
    Path junk = Files.write(dir.resolve("junk.avi"), new byte[] {1, 2, 3, 4, 5});
    assertThrows(
        IOException.class, () -> new VideoFileCamera(junk, VideoFileCamera.Options.defaults()));
  }

  static int distinctGreys(RgbImage image) {
    boolean[] seen = new boolean[256];
    int distinct = 0;
    byte[] rgb = image.rgb();
    for (int p = 0; p < rgb.length; p += 3) {
      int grey = ((rgb[p] & 0xff) + (rgb[p + 1] & 0xff) + (rgb[p + 2] & 0xff)) / 3;
      if (!seen[grey]) {
        seen[grey] = true;
        distinct++;
      }
    }
    return distinct;
  }

  static double[] meanRgb(RgbImage image) {
    double[] sum = new double[3];
    byte[] rgb = image.rgb();
    for (int p = 0; p < rgb.length; p++) {
      sum[p % 3] += rgb[p] & 0xff;
    }
    int n = rgb.length / 3;
    return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
  }
}
