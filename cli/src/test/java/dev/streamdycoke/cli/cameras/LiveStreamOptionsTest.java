package dev.streamdycoke.cli.cameras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveStreamOptionsTest {

  @Test
  void rtspGetsTransportAndTheSocketTimeoutInMicroseconds() {
    LiveStreamOptions options =
        LiveStreamOptions.of("rtsp://cam/1")
            .withTransport("tcp")
            .withIoTimeout(Duration.ofSeconds(3));
    assertEquals(Map.of("timeout", "3000000", "rtsp_transport", "tcp"), options.ffmpegOptions());
  }

  @Test
  void otherProtocolsGetTheGenericReadWriteTimeoutAndExtraOptionsWin() {
    LiveStreamOptions options =
        LiveStreamOptions.of("http://cam/mjpeg").withFfmpeg(Map.of("timeout", "1", "x", "y"));
    assertEquals(
        Map.of("timeout", "1", "rw_timeout", "10000000", "x", "y"), options.ffmpegOptions());
  }

  @Test
  void urlsAreToldFromPathsAndCredentialsStayOutOfLogs() {
    assertTrue(LiveStreamOptions.isUrl("rtsps://cam:322/a"));
    assertFalse(LiveStreamOptions.isUrl("/data/vtest.avi"));
    assertFalse(LiveStreamOptions.isUrl("C:\\videos\\a.mp4"));
    assertEquals(
        "rtsp://10.0.0.1/s", LiveStreamCamera.withoutCredentials("rtsp://admin:secret@10.0.0.1/s"));
    assertEquals("rtsp://10.0.0.1/s", LiveStreamCamera.withoutCredentials("rtsp://10.0.0.1/s"));
  }
}
