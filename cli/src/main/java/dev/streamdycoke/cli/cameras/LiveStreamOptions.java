package dev.streamdycoke.cli.cameras;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How one live camera is reached: its URL, transport, timeouts, reconnect backoff and any extra
 * FFmpeg options.
 *
 * @param url what FFmpeg opens: rtsp://, rtsps://, http(s):// (MJPEG, HLS), ...
 * @param transport "tcp" or "udp" for RTSP, or null for FFmpeg's default (UDP, then TCP)
 * @param ioTimeout how long one network operation (connect, a read) may block before FFmpeg gives
 *     up; passed as FFmpeg's {@code timeout} and {@code rw_timeout}
 * @param stallTimeout no new frame for this long and the camera is DOWN and reconnected, even if
 *     FFmpeg is still waiting
 * @param backoff waits between reconnect attempts
 * @param ffmpeg further FFmpeg options (avformat/protocol options, e.g. {@code fflags=nobuffer});
 *     they override the ones derived above
 */
public record LiveStreamOptions(
    String url,
    String transport,
    Duration ioTimeout,
    Duration stallTimeout,
    Backoff backoff,
    Map<String, String> ffmpeg) {

  public LiveStreamOptions {
    if (url == null || !isUrl(url)) {
      throw new IllegalArgumentException("not a stream URL: " + url);
    }
    if (transport != null && !transport.equals("tcp") && !transport.equals("udp")) {
      throw new IllegalArgumentException("transport must be tcp or udp: " + transport);
    }
    if (ioTimeout.isNegative()
        || ioTimeout.isZero()
        || stallTimeout.isNegative()
        || stallTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    ffmpeg = Map.copyOf(ffmpeg);
  }

  /** FFmpeg's default transport, 10 s I/O timeout, 5 s stall timeout, default backoff. */
  public static LiveStreamOptions of(String url) {
    return new LiveStreamOptions(
        url, null, Duration.ofSeconds(10), Duration.ofSeconds(5), Backoff.defaults(), Map.of());
  }

  /** True if {@code text} has a URL scheme ("rtsp://..."), as opposed to a file path. */
  public static boolean isUrl(String text) {
    return text.matches("[A-Za-z][A-Za-z0-9+.-]*://.+");
  }

  public LiveStreamOptions withTransport(String value) {
    return new LiveStreamOptions(url, value, ioTimeout, stallTimeout, backoff, ffmpeg);
  }

  public LiveStreamOptions withIoTimeout(Duration value) {
    return new LiveStreamOptions(url, transport, value, stallTimeout, backoff, ffmpeg);
  }

  public LiveStreamOptions withStallTimeout(Duration value) {
    return new LiveStreamOptions(url, transport, ioTimeout, value, backoff, ffmpeg);
  }

  public LiveStreamOptions withBackoff(Backoff value) {
    return new LiveStreamOptions(url, transport, ioTimeout, stallTimeout, value, ffmpeg);
  }

  public LiveStreamOptions withFfmpeg(Map<String, String> value) {
    return new LiveStreamOptions(url, transport, ioTimeout, stallTimeout, backoff, value);
  }

  /** The URL's scheme in lower case ("rtsp", "http", ...). */
  public String scheme() {
    return url.substring(0, url.indexOf("://")).toLowerCase(Locale.ROOT);
  }

  /**
   * The options handed to FFmpeg when opening the stream. In FFmpeg 7.1 the RTSP demuxer's socket
   * timeout is {@code timeout} in microseconds ({@code stimeout} was removed in FFmpeg 5; give it
   * with {@code ffmpeg.stimeout=} for older builds), and it also bounds the wait for UDP packets;
   * HTTP and other protocols take {@code timeout} and the generic {@code rw_timeout}.
   */
  public Map<String, String> ffmpegOptions() {
    Map<String, String> options = new LinkedHashMap<>();
    String micros = Long.toString(ioTimeout.toNanos() / 1_000);
    options.put("timeout", micros);
    boolean rtsp = scheme().startsWith("rtsp");
    if (rtsp) {
      if (transport != null) {
        options.put("rtsp_transport", transport);
      }
    } else {
      options.put("rw_timeout", micros);
    }
    options.putAll(ffmpeg);
    return options;
  }
}
