package dev.streamdycoke.cli.cameras;

import java.io.IOException;
import java.util.Optional;

/**
 * A camera: hands out frames one at a time until it runs dry (a file that does not loop) or is
 * closed. A source does not pace itself; whoever calls {@link #next()} decides the frame rate.
 *
 * <p>Implementations need not be thread-safe, but must tolerate being called from different threads
 * one call at a time (the fleet producer hands a camera to any free worker).
 */
public interface FrameSource extends AutoCloseable {

  /**
   * The next frame, or empty when the source has ended for good.
   *
   * @throws IOException if the underlying file or device fails
   */
  Optional<CapturedFrame> next() throws IOException;

  /** Releases files and native decoders; idempotent. */
  @Override
  void close() throws IOException;
}
