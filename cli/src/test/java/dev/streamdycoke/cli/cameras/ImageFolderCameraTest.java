package dev.streamdycoke.cli.cameras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderCameraTest {

  @Test
  void showsTheFramesInNameOrderAndLoops() throws IOException {
    try (ImageFolderCamera camera = new ImageFolderCamera(TestResources.frames(), true)) {
      assertEquals(8, camera.files().size());
      CapturedFrame first = camera.next().orElseThrow();
      assertEquals("frame-01.jpg", first.attributes().get(ImageFolderCamera.ATTR_SOURCE));
      assertEquals(TestResources.CLIP_WIDTH, first.image().width());
      assertEquals(TestResources.CLIP_HEIGHT, first.image().height());
      assertTrue(VideoFileCameraTest.distinctGreys(first.image()) > 100);
      for (int i = 2; i <= 8; i++) {
        CapturedFrame f = camera.next().orElseThrow();
        assertEquals(
            String.format("frame-%02d.jpg", i), f.attributes().get(ImageFolderCamera.ATTR_SOURCE));
        assertEquals(i - 1, f.seq());
      }
      CapturedFrame again = camera.next().orElseThrow();
      assertEquals(8, again.seq(), "seq keeps increasing across the loop");
      assertArrayEquals(first.image().rgb(), again.image().rgb());
    }
  }

  @Test
  void endsWithoutLoopAndResizes() throws IOException {
    try (ImageFolderCamera camera =
        new ImageFolderCamera(TestResources.frames(), false, 96, 72, Clock.systemUTC())) {
      for (int i = 0; i < 8; i++) {
        CapturedFrame f = camera.next().orElseThrow();
        assertEquals(96, f.image().width());
        assertEquals(72, f.image().height());
      }
      assertTrue(camera.next().isEmpty());
      assertTrue(camera.next().isEmpty());
    }
  }

  @Test
  void aFolderWithoutImagesIsRefused(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("notes.txt"), "no images here");
    assertThrows(IOException.class, () -> new ImageFolderCamera(dir, true));
  }
}
