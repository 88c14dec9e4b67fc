package dev.streamdycoke.cli.cameras;

import dev.streamdycoke.model.vision.RgbImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * A camera replaying a video file through FFmpeg (javacv's {@link FFmpegFrameGrabber}): any
 * container and codec FFmpeg decodes, converted (and optionally scaled) to RGB24 by FFmpeg itself,
 * optionally looping forever.
 *
 * <p>Holds a native decoder until {@link #close()}.
 */
public final class VideoFileCamera implements FrameSource {

  /** Attribute: the video file's name. */
  public static final String ATTR_SOURCE = "source";

  /** Attribute: the frame's index within the file (restarts at 0 on each loop). */
  public static final String ATTR_FILE_FRAME = "file.frame";

  /**
   * How to read the file.
   *
   * @param loop start over at the end instead of ending
   * @param width output width, or 0 for the file's own size
   * @param height output height, or 0 for the file's own size
   */
  public record Options(boolean loop, int width, int height) {
    public Options {
      if ((width == 0) != (height == 0) || width < 0 || height < 0) {
        throw new IllegalArgumentException(
            "give both width and height, or neither: " + width + "x" + height);
      }
    }

    /** Native size, no loop. */
    public static Options defaults() {
      return new Options(false, 0, 0);
    }

    public Options looping(boolean value) {
      return new Options(value, width, height);
    }

    public Options resizedTo(int w, int h) {
      return new Options(loop, w, h);
    }
  }

  static {
    // FFmpeg logs every container quirk to stderr; errors are enough (and surface as exceptions).
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
  }

  private final Path file;
  private final Options options;
  private final Clock clock;
  private final FFmpegFrameGrabber grabber;
  private long seq;
  private long fileFrame;
  private boolean ended;
  private boolean closed;

  /**
   * Opens {@code file} and its decoder.
   *
   * @throws IOException if the file is missing or FFmpeg cannot open it
   */
  public VideoFileCamera(Path file, Options options, Clock clock) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString());
    }
    this.file = file;
    this.options = options;
    this.clock = clock;
    this.grabber = new FFmpegFrameGrabber(file.toFile());
    grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
    if (options.width() > 0) {
      grabber.setImageWidth(options.width());
      grabber.setImageHeight(options.height());
    }
    try {
      grabber.start();
    } catch (FFmpegFrameGrabber.Exception e) {
      grabber.release();
      throw new IOException("cannot open video " + file + ": " + e.getMessage(), e);
    }
  }

  public VideoFileCamera(Path file, Options options) throws IOException {
    this(file, options, Clock.systemUTC());
  }

  /** The file's nominal frame rate (what a faithful replay would use). */
  public double frameRate() {
    return grabber.getFrameRate();
  }

  @Override
  public Optional<CapturedFrame> next() throws IOException {
    if (closed || ended) {
      return Optional.empty();
    }
    Frame frame = grabber.grabImage();
    if (frame == null && options.loop() && fileFrame > 0) {
      // Reopening is the one rewind that works for every container; seeking to 0 is not.
      grabber.restart();
      fileFrame = 0;
      frame = grabber.grabImage();
    }
    if (frame == null) {
      ended = true;
      return Optional.empty();
    }
    RgbImage image = copyRgb(frame);
    CapturedFrame captured =
        new CapturedFrame(
            image,
            seq++,
            clock.instant(),
            Map.of(
                ATTR_SOURCE, file.getFileName().toString(),
                ATTR_FILE_FRAME, Long.toString(fileFrame++)));
    return Optional.of(captured);
  }

  /** Packs the grabber's buffer (rows may be padded, and it is reused) into a new image. */
  static RgbImage copyRgb(Frame frame) throws IOException {
    if (frame.imageChannels != 3 || frame.imageDepth != Frame.DEPTH_UBYTE) {
      throw new IOException(
          "expected 8-bit RGB from FFmpeg, got "
              + frame.imageChannels
              + " channels of depth "
              + frame.imageDepth);
    }
    int w = frame.imageWidth;
    int h = frame.imageHeight;
    ByteBuffer buffer = (ByteBuffer) frame.image[0];
    byte[] rgb = new byte[3 * w * h];
    for (int y = 0; y < h; y++) {
      buffer.get(y * frame.imageStride, rgb, 3 * y * w, 3 * w);
    }
    return new RgbImage(w, h, rgb);
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      grabber.stop();
    } finally {
      grabber.release();
    }
  }
}
