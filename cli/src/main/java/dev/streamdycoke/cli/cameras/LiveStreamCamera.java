package dev.streamdycoke.cli.cameras;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live camera (RTSP, HTTP MJPEG/HLS, anything FFmpeg opens) read the way live video must be read:
 * a reader thread of its own drains the stream continuously and keeps only the newest frame in a
 * {@link NewestFrameSlot}; {@link #next()} never blocks and hands out that frame once, or nothing
 * if no new frame arrived since the last call.
 *
 * <p>The reader reconnects forever, with {@link Backoff exponential backoff and jitter}, when the
 * stream cannot be opened, ends or fails. FFmpeg's I/O timeout bounds each blocking call, and a
 * watchdog thread declares the camera {@link CameraState#DOWN} when no frame came for the stall
 * timeout; a reader still stuck in FFmpeg well past both timeouts is abandoned (it releases its
 * decoder when FFmpeg finally returns) and a fresh one reconnects. So a frozen server stalls only
 * its own camera's threads, never the fleet's publisher or another camera.
 *
 * <p>A frame's capture time comes from the stream's timestamps mapped to the wall clock ({@link
 * StreamClock}), else its receive time.
 */
public final class LiveStreamCamera implements FrameSource {

  private static final Logger LOG = LoggerFactory.getLogger(LiveStreamCamera.class);

  /** Attribute: the stream URL without credentials. */
  public static final String ATTR_SOURCE = "source";

  /** Attribute: the frame's presentation timestamp in the stream, in microseconds. */
  public static final String ATTR_STREAM_PTS = "stream.pts.us";

  static {
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
  }

  private final String id;
  private final LiveStreamOptions options;
  private final String safeUrl;
  private final Clock clock;
  private final NewestFrameSlot<CapturedFrame> slot = new NewestFrameSlot<>();
  private final AtomicReference<CameraState> state = new AtomicReference<>(CameraState.CONNECTING);
  private final AtomicLong reconnects = new AtomicLong();
  private final AtomicLong seq = new AtomicLong();
  private final AtomicLong readerNumber = new AtomicLong();
  private final Thread watchdog;
  private volatile Reader reader;
  private volatile long lastFrameNanos;
  private volatile boolean closed;

  /** Whether the current outage was logged; reset when the camera is UP again. */
  private volatile boolean warnedDown;

  private LiveStreamCamera(String id, LiveStreamOptions options, Clock clock) {
    this.id = id;
    this.options = options;
    this.safeUrl = withoutCredentials(options.url());
    this.clock = clock;
    this.lastFrameNanos = System.nanoTime();
    this.watchdog = new Thread(this::watch, "camera-watchdog-" + id);
    watchdog.setDaemon(true);
  }

  /** Starts reading {@code options.url()} in the background; returns at once. */
  public static LiveStreamCamera start(String id, LiveStreamOptions options) {
    return start(id, options, Clock.systemUTC());
  }

  static LiveStreamCamera start(String id, LiveStreamOptions options, Clock clock) {
    LiveStreamCamera camera = new LiveStreamCamera(id, options, clock);
    camera.startReader();
    camera.watchdog.start();
    return camera;
  }

  /** The newest frame not handed out yet; empty if none arrived since the last call. */
  @Override
  public Optional<CapturedFrame> next() {
    return closed ? Optional.empty() : slot.takeNewest();
  }

  @Override
  public boolean live() {
    return true;
  }

  @Override
  public CameraState state() {
    return state.get();
  }

  @Override
  public long reconnects() {
    return reconnects.get();
  }

  /** Frames decoded but replaced by a newer one before the fleet took them. */
  public long framesOverwritten() {
    return slot.overwritten();
  }

  /** Stops both threads; does not wait for a reader blocked in FFmpeg (it cleans up itself). */
  @Override
  public void close() {
    closed = true;
    watchdog.interrupt();
    Reader r = reader;
    if (r != null) {
      r.thread.interrupt();
    }
  }

  private void startReader() {
    Reader r = new Reader();
    reader = r;
    r.thread.start();
  }

  private void down(String why, Throwable error) {
    CameraState before = state.getAndSet(CameraState.DOWN);
    if (closed || before == CameraState.DOWN) {
      return;
    }
    String reason = error == null ? why : why + ": " + error;
    // A camera down for hours fails an attempt every backoff-max: warn when it goes down (or first
    // fails to come up), not at every attempt.
    if (before == CameraState.UP || !warnedDown) {
      warnedDown = true;
      LOG.warn("{}: camera DOWN ({}): {}", id, safeUrl, reason);
    } else {
      LOG.debug("{}: reconnect failed ({}): {}", id, safeUrl, reason);
    }
  }

  /** Declares the camera down when frames stop, and replaces a reader stuck in FFmpeg. */
  private void watch() {
    long stall = options.stallTimeout().toNanos();
    long stuck = stall + options.ioTimeout().toNanos() + TimeUnit.SECONDS.toNanos(2);
    long tick = Math.max(TimeUnit.MILLISECONDS.toNanos(50), Math.min(stall / 4, 1_000_000_000L));
    try {
      while (!closed) {
        TimeUnit.NANOSECONDS.sleep(tick);
        long now = System.nanoTime();
        if (state.get() == CameraState.UP && now - lastFrameNanos > stall) {
          down("no frame for " + Duration.ofNanos(now - lastFrameNanos).toMillis() + " ms", null);
        }
        Reader r = reader;
        if (r.inFfmpegSince != 0 && now - r.inFfmpegSince > stuck) {
          LOG.warn("{}: reader stuck in FFmpeg past its timeouts; starting a new one", id);
          reconnects.incrementAndGet();
          startReader();
        }
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  /** One reader thread; replaced (and left to finish alone) if it gets stuck. */
  private final class Reader implements Runnable {
    final Thread thread;

    /** When the current blocking FFmpeg call started (nanoTime), or 0 outside one. */
    volatile long inFfmpegSince;

    Reader() {
      thread = new Thread(this, "camera-reader-" + id + "-" + readerNumber.incrementAndGet());
      thread.setDaemon(true);
    }

    private boolean current() {
      return !closed && reader == this;
    }

    @Override
    public void run() {
      int failures = 0;
      while (current()) {
        boolean gotFrame = false;
        Exception error = null;
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(options.url());
        try {
          grabber.setOptions(options.ffmpegOptions());
          grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
          inFfmpegSince = System.nanoTime();
          grabber.start();
          StreamClock streamClock = new StreamClock();
          while (current()) {
            inFfmpegSince = System.nanoTime();
            Frame frame = grabber.grabImage();
            inFfmpegSince = 0;
            if (frame == null) {
              break;
            }
            long receivedMicros = micros(clock.instant());
            long ptsMicros = frame.timestamp;
            long captureMicros = streamClock.captureMicros(ptsMicros, receivedMicros);
            slot.offer(
                new CapturedFrame(
                    VideoFileCamera.copyRgb(frame),
                    seq.getAndIncrement(),
                    Instant.EPOCH.plus(captureMicros, java.time.temporal.ChronoUnit.MICROS),
                    Map.of(ATTR_SOURCE, safeUrl, ATTR_STREAM_PTS, Long.toString(ptsMicros))));
            lastFrameNanos = System.nanoTime();
            if (!gotFrame) {
              gotFrame = true;
              failures = 0;
              if (state.getAndSet(CameraState.UP) != CameraState.UP) {
                warnedDown = false;
                LOG.info("{}: camera UP ({})", id, safeUrl);
              }
            }
          }
        } catch (Exception | LinkageError e) {
          error = e instanceof Exception ex ? ex : new IOException(e);
        } finally {
          inFfmpegSince = 0;
          release(grabber);
        }
        if (!current()) {
          return;
        }
        down(error == null ? "stream ended" : "stream failed", error);
        if (failures > 0 && Integer.bitCount(failures) == 1) {
          LOG.info("{}: still down after {} attempts", id, failures + 1);
        }
        Duration wait =
            options.backoff().delay(failures++, ThreadLocalRandom.current()::nextDouble);
        try {
          Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
          return;
        }
        if (!current()) {
          return;
        }
        reconnects.incrementAndGet();
        state.set(CameraState.CONNECTING);
      }
    }

    private void release(FFmpegFrameGrabber grabber) {
      try {
        grabber.close();
      } catch (Exception | LinkageError e) {
        LOG.debug("{}: releasing the decoder failed: {}", id, e.toString());
      }
    }
  }

  private static long micros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
  }

  /** The URL with any user:password@ removed, fit for logs and frame attributes. */
  static String withoutCredentials(String url) {
    return url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", "$1");
  }
}
