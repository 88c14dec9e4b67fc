package dev.streamdycoke.job.cli;

import dev.streamdycoke.model.checkpoint.TinyCheckpointWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** The checkpoint the demo runs when none is given. */
final class DemoModel {
  private DemoModel() {}

  /**
   * The given checkpoint, or the tiny LLaVA-OneVision checkpoint written once under the user's cache
   * directory. Its weights are random: the pipeline is real end to end, the answers are not meaningful.
   */
  static Path resolve(Path given) {
    if (given != null) {
      return given;
    }
    Path dir = Path.of(System.getProperty("user.home"), ".cache", "streamdycoke", "tiny-random");
    if (!Files.exists(dir.resolve("config.json"))) {
      TinyCheckpointWriter.writeTiny(dir);
    }
    System.out.println("model: tiny LLaVA-OneVision checkpoint with RANDOM weights at " + dir
        + " (pass --model for a trained one; answers below are not meaningful)");
    return dir;
  }
}
