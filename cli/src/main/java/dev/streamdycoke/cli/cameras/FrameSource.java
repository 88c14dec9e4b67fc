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
   * The next frame, or empty when the source has ended for good (a live source: when no new frame
   * arrived since the last call).
   *
   * @throws IOException if the underlying file or device fails
   */
  Optional<CapturedFrame> next() throws IOException;

  /**
   * True for a live camera: then an empty {@link #next()} means "no new frame since the last call",
   * not the end, and the source never ends by itself.
   */
  default boolean live() {
    return false;
  }

  /** The camera's connection state; a file, folder or simulation is UP while it plays. */
  default CameraState state() {
    return CameraState.UP;
  }

  /** How many times the source reopened its stream (live cameras). */
  default long reconnects() {
    return 0;
  }

  /** Releases files and native decoders; idempotent. */
  @Override
  void close() throws IOException;
}
