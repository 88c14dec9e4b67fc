package dev.streamdycoke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.cli.cameras.CameraSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CamerasCommandTest {

  private static CamerasCommand parse(String... args) {
    CamerasCommand command = new CamerasCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void aUrlGivenAsVideoIsALiveCameraNotAFile() throws Exception {
    List<CameraSpec> specs = parse("--video", "rtsp://127.0.0.1:8554/tree").specs();
    assertEquals(1, specs.size(), "one URL, one camera (not the default four)");
    assertEquals(CameraSpec.Kind.LIVE, specs.get(0).kind());
    assertEquals("rtsp://127.0.0.1:8554/tree", specs.get(0).live().url(), "the // survives");
    assertEquals("cam-01", specs.get(0).id());
  }

  @Test
  void repeatedUrlsAreOneCameraEachWithTheCommandLinesOptions() throws Exception {
    List<CameraSpec> specs =
        parse("--url", "rtsp://a/1", "--url", "rtsp://b/2", "--transport", "TCP").specs();
    assertEquals(List.of("cam-01", "cam-02"), specs.stream().map(CameraSpec::id).toList());
    assertEquals("tcp", specs.get(1).live().transport());
  }

  @Test
  void oneStreamIsNeverOpenedNTimes() {
    CommandLine.ParameterException e =
        assertThrows(
            CommandLine.ParameterException.class,
            () -> parse("-n", "3", "--video", "rtsp://a/1").specs());
    assertTrue(e.getMessage().contains("each live camera needs its own URL"), e.getMessage());
  }

  @Test
  void simulatedCamerasKeepTheirDefaults() throws Exception {
    List<CameraSpec> specs = parse("--seed", "5").specs();
    assertEquals(4, specs.size());
    assertEquals(8, specs.get(3).seed());
    assertEquals(CameraSpec.Kind.SIMULATED, specs.get(3).kind());
  }
}
