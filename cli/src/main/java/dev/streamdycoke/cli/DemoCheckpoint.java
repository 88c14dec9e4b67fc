package dev.streamdycoke.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The trained demo checkpoint shipped inside the job's jar (resources under {@value #RESOURCES}),
 * written by {@link DemoModelTrainer}. The runtime loads checkpoints from directories, so it is
 * unpacked once into the user's cache directory, under a name that changes with its weights.
 */
public final class DemoCheckpoint {
  /** Where the checkpoint's files live on the classpath. */
  public static final String RESOURCES = "/dev/streamdycoke/cli/demo-model/";

  /** Every file of the checkpoint. */
  public static final List<String> FILES =
      List.of(
          "config.json",
          "generation_config.json",
          "preprocessor_config.json",
          "tokenizer.json",
          "tokenizer_config.json",
          "chat_template.json",
          "model.safetensors");

  private DemoCheckpoint() {}

  /**
   * Unpacks the checkpoint under {@code ~/.cache/streamdycoke} (once) and returns its directory.
   */
  public static Path unpack() {
    return unpack(Path.of(System.getProperty("user.home"), ".cache", "streamdycoke"));
  }

  /** Unpacks the checkpoint under {@code parent} (once) and returns its directory. */
  public static Path unpack(Path parent) {
    try {
      byte[] weights = read("model.safetensors");
      Path dir =
          parent.resolve("demo-model-" + Integer.toHexString(java.util.Arrays.hashCode(weights)));
      if (Files.exists(dir.resolve("model.safetensors"))) {
        return dir;
      }
      Path tmp =
          Files.createDirectories(parent)
              .resolve(dir.getFileName() + ".tmp-" + ProcessHandle.current().pid());
      Files.createDirectories(tmp);
      for (String file : FILES) {
        Files.write(tmp.resolve(file), read(file));
      }
      try {
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException raced) {
        // Another process unpacked it first; theirs is identical.
        if (!Files.exists(dir.resolve("model.safetensors"))) {
          throw raced;
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack the demo checkpoint", e);
    }
  }

  private static byte[] read(String file) throws IOException {
    try (InputStream in = DemoCheckpoint.class.getResourceAsStream(RESOURCES + file)) {
      if (in == null) {
        throw new IOException("demo checkpoint file " + file + " is missing from the classpath");
      }
      return in.readAllBytes();
    }
  }
}
