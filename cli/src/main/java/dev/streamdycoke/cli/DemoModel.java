package dev.streamdycoke.cli;

import java.nio.file.Path;

/** The checkpoint the demo runs when none is given. */
final class DemoModel {
  private DemoModel() {}

  /**
   * The given checkpoint, or the trained demo checkpoint shipped with the job (a small
   * LLaVA-OneVision trained on the synthetic street, see {@link DemoCheckpoint}), unpacked once
   * under the user's cache directory.
   */
  static Path resolve(Path given) {
    if (given != null) {
      return given;
    }
    Path dir = DemoCheckpoint.unpack();
    System.out.println(
        "model: the trained demo checkpoint at "
            + dir
            + " (a tiny LLaVA-OneVision trained on the synthetic street; it answers the street's"
            + " question templates, e.g. \"how many cars are there?\"; pass --model for another)");
    return dir;
  }
}
