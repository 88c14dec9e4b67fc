package dev.streamdycoke.cli.cameras;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The committed test media (see src/test/resources/README.md); never the shared data folder. */
final class TestResources {

  /** 25 frames, 384x288, 10 fps, MJPEG in AVI. */
  static final int CLIP_FRAMES = 25;

  static final int CLIP_WIDTH = 384;
  static final int CLIP_HEIGHT = 288;

  private TestResources() {}

  static Path clip() {
    return path("/vtest-clip.avi");
  }

  static Path frames() {
    return path("/vtest-frames");
  }

  private static Path path(String resource) {
    URL url = TestResources.class.getResource(resource);
    if (url == null) {
      throw new IllegalStateException("missing test resource " + resource);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
