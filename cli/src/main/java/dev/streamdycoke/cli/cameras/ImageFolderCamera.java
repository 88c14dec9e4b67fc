package dev.streamdycoke.cli.cameras;

import dev.streamdycoke.model.vision.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A camera showing the JPEG and PNG files of a folder in file-name order, as a slide show that
 * optionally loops. Files are decoded as they are shown, so the folder may be large.
 */
public final class ImageFolderCamera implements FrameSource {

  /** Attribute: the image's file name. */
  public static final String ATTR_SOURCE = "source";

  private final List<Path> files;
  private final boolean loop;
  private final int width;
  private final int height;
  private final Clock clock;
  private int position;
  private long seq;
  private boolean closed;

  /**
   * Lists the folder (not its subfolders).
   *
   * @param width output width, or 0 to keep each image's size (with {@code height})
   * @throws IOException if the folder cannot be listed or holds no JPEG or PNG
   */
  public ImageFolderCamera(Path folder, boolean loop, int width, int height, Clock clock)
      throws IOException {
    if ((width == 0) != (height == 0) || width < 0 || height < 0) {
      throw new IllegalArgumentException("give both width and height, or neither");
    }
    try (Stream<Path> listing = Files.list(folder)) {
      this.files =
          listing.filter(Files::isRegularFile).filter(ImageFolderCamera::isImage).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IOException("no .jpg, .jpeg or .png files in " + folder);
    }
    this.loop = loop;
    this.width = width;
    this.height = height;
    this.clock = clock;
  }

  public ImageFolderCamera(Path folder, boolean loop) throws IOException {
    this(folder, loop, 0, 0, Clock.systemUTC());
  }

  /** The images shown, in order. */
  public List<Path> files() {
    return files;
  }

  @Override
  public Optional<CapturedFrame> next() throws IOException {
    if (closed || (!loop && position >= files.size())) {
      return Optional.empty();
    }
    Path file = files.get(position % files.size());
    position = loop ? (position + 1) % files.size() : position + 1;
    BufferedImage decoded = ImageIO.read(file.toFile());
    if (decoded == null) {
      throw new IOException("not a readable image: " + file);
    }
    RgbImage image = Images.fromBufferedImage(decoded);
    if (width > 0) {
      image = Images.resize(image, width, height);
    }
    return Optional.of(
        new CapturedFrame(
            image, seq++, clock.instant(), Map.of(ATTR_SOURCE, file.getFileName().toString())));
  }

  private static boolean isImage(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png");
  }

  @Override
  public void close() {
    closed = true;
  }
}
