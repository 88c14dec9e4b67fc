package dev.streamdycoke.cli.cameras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetFileTest {

  private static final Function<String, LiveStreamOptions> DEFAULTS =
      url -> LiveStreamOptions.of(url).withFfmpeg(Map.of("fflags", "nobuffer"));

  @TempDir Path dir;

  @Test
  void readsLiveFileFolderAndSimulatedCamerasWithTheirOptions() throws Exception {
    Path video = Files.createFile(dir.resolve("lobby.mp4"));
    Path stills = Files.createDirectories(dir.resolve("stills"));
    List<CameraSpec> cameras =
        FleetFile.parse(
            List.of(
                "# the gate cameras",
                "gate-1 rtsp://user:pw@10.0.0.21/stream1 transport=TCP fps=2 ffmpeg.stimeout=5000000",
                "",
                "  gate-2   http://10.0.0.22/mjpeg   io-timeout=3s stall-timeout=10s # MJPEG",
                "lobby " + video + " loop=false",
                "stills " + stills,
                "sim simulated seed=7 fps=0.5"),
            DEFAULTS,
            true);
    assertEquals(5, cameras.size());

    CameraSpec gate1 = cameras.get(0);
    assertEquals("gate-1", gate1.id());
    assertEquals(CameraSpec.Kind.LIVE, gate1.kind());
    assertEquals(2.0, gate1.fps());
    assertEquals("tcp", gate1.live().transport());
    assertEquals(
        Map.of("fflags", "nobuffer", "stimeout", "5000000"),
        gate1.live().ffmpeg(),
        "command-line FFmpeg options, then the line's");

    CameraSpec gate2 = cameras.get(1);
    assertEquals("http://10.0.0.22/mjpeg", gate2.location());
    assertEquals(0.0, gate2.fps(), "the fleet's rate");
    assertNull(gate2.live().transport());
    assertEquals(Duration.ofSeconds(3), gate2.live().ioTimeout());
    assertEquals(Duration.ofSeconds(10), gate2.live().stallTimeout());

    assertEquals(CameraSpec.Kind.VIDEO_FILE, cameras.get(2).kind());
    assertFalse(cameras.get(2).loop());
    assertEquals(CameraSpec.Kind.IMAGE_FOLDER, cameras.get(3).kind());
    assertTrue(cameras.get(3).loop(), "the command line's default");
    CameraSpec sim = cameras.get(4);
    assertEquals(CameraSpec.Kind.SIMULATED, sim.kind());
    assertEquals(7, sim.seed());
    assertEquals(0.5, sim.fps());
  }

  @Test
  void mistakesNameTheirLine() {
    assertError("line 2: camera a appears twice", "a simulated", "a simulated");
    assertError("line 1: unknown option 'tranport'", "a rtsp://h/x tranport=tcp");
    assertError("line 1: transport must be tcp or udp", "a rtsp://h/x transport=http");
    assertError("line 1: expected 'id source", "lonely");
    assertError("line 1: expected key=value", "a rtsp://h/x tcp");
    assertError("line 1: transport applies to stream URLs only", "a simulated transport=tcp");
    assertError("line 1: fps must be positive", "a simulated fps=0");
    assertError("names no camera", "# nothing", "");
  }

  private static void assertError(String message, String... lines) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> FleetFile.parse(List.of(lines), DEFAULTS, true));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }
}
