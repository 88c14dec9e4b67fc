package dev.streamdycoke.model.checkpoint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a complete LLaVA-OneVision checkpoint directory in the Hugging Face layout of the public
 * llava-hf checkpoints, with seeded {@link RandomWeights} for every tensor of {@link TensorLayout}
 * and the tiny byte-level tokenizer: {@code config.json}, {@code model.safetensors} (or {@code
 * model-0000i-of-0000N.safetensors} shards and {@code model.safetensors.index.json}), {@code
 * tokenizer.json}, {@code tokenizer_config.json}, {@code chat_template.json}, {@code
 * preprocessor_config.json} and {@code generation_config.json}. Tests across the project load what
 * it writes through {@link Checkpoint#open}, the same path a real checkpoint takes.
 *
 * <p>Usage: {@code TinyCheckpointWriter <dir> [--seed N] [--shards N]} writes the {@link
 * StandardConfigs#tiny()} checkpoint.
 */
public final class TinyCheckpointWriter {
  private TinyCheckpointWriter() {}

  /**
   * Writes the {@link StandardConfigs#tiny()} checkpoint with seed 42, unsharded, to {@code dir}.
   */
  public static Path writeTiny(Path dir) {
    write(dir, StandardConfigs.tiny(), 42, 1);
    return dir;
  }

  /**
   * Writes {@code config}'s checkpoint with F32 weights; see {@link #write(Path,
   * LlavaOnevisionConfig, long, int, SafetensorsDtype)}.
   */
  public static void write(Path dir, LlavaOnevisionConfig config, long seed, int shards) {
    write(dir, config, seed, shards, SafetensorsDtype.F32);
  }

  /**
   * Writes {@code config}'s checkpoint to {@code dir}, creating it if needed.
   *
   * @param seed seed of the {@link RandomWeights}
   * @param shards 1 for a single {@code model.safetensors}, more for an indexed, sharded one
   * @param dtype how weights are stored: F32, F16 or BF16
   * @throws IllegalArgumentException when the config's placeholder ids are not the tiny
   *     tokenizer's, its vocabulary is smaller than the tokenizer's, or there are more shards than
   *     tensors
   * @throws UncheckedIOException when a file cannot be written
   */
  public static void write(
      Path dir, LlavaOnevisionConfig config, long seed, int shards, SafetensorsDtype dtype) {
    requireTinyTokenizerFits(config);
    List<TensorSpec> specs = TensorLayout.of(config).specs();
    if (shards < 1 || shards > specs.size()) {
      throw new IllegalArgumentException("shards must be in 1.." + specs.size() + ", is " + shards);
    }
    try {
      Files.createDirectories(dir);
      ConfigJson.writeGenerationConfig(config, dir.resolve("generation_config.json"));
      JsonFiles.write(ConfigJson.toJson(config, torchDtype(dtype)), dir.resolve("config.json"));
      PreprocessorConfigJson.write(
          PreprocessorConfigJson.llavaOnevision(config.vision().imageSize()),
          dir.resolve("preprocessor_config.json"));
      TinyTokenizerFiles.writeTokenizerJson(dir.resolve("tokenizer.json"));
      TinyTokenizerFiles.writeTokenizerConfig(
          dir.resolve("tokenizer_config.json"), config.text().maxPositions());
      TinyTokenizerFiles.writeChatTemplate(dir.resolve("chat_template.json"));
      writeWeights(dir, specs, new RandomWeights(seed), shards, dtype);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint to " + dir, e);
    }
  }

  private static void requireTinyTokenizerFits(LlavaOnevisionConfig config) {
    if (config.videoTokenIndex() != StandardConfigs.TINY_VIDEO
        || config.imageTokenIndex() != StandardConfigs.TINY_IMAGE) {
      throw new IllegalArgumentException(
          "the tiny tokenizer has <video>="
              + StandardConfigs.TINY_VIDEO
              + " and <image>="
              + StandardConfigs.TINY_IMAGE
              + "; the config says "
              + config.videoTokenIndex()
              + " and "
              + config.imageTokenIndex());
    }
    int tokens = 256 + TinyTokenizerFiles.SPECIAL_TOKENS.size();
    if (config.text().vocabSize() < tokens) {
      throw new IllegalArgumentException(
          "vocab_size " + config.text().vocabSize() + " is below the tokenizer's " + tokens);
    }
  }

  private static String torchDtype(SafetensorsDtype dtype) {
    return switch (dtype) {
      case F16 -> "float16";
      case BF16 -> "bfloat16";
      default -> "float32";
    };
  }

  private static void writeWeights(
      Path dir, List<TensorSpec> specs, RandomWeights random, int shards, SafetensorsDtype dtype)
      throws IOException {
    List<List<TensorSpec>> groups = split(specs, shards);
    if (shards == 1) {
      writer(groups.get(0), random, dtype).write(dir.resolve(SafetensorsWeightSource.SINGLE_FILE));
      return;
    }
    Map<String, String> weightMap = new TreeMap<>();
    long totalSize = 0;
    for (int i = 0; i < shards; i++) {
      String name = String.format("model-%05d-of-%05d.safetensors", i + 1, shards);
      SafetensorsWriter writer = writer(groups.get(i), random, dtype);
      writer.write(dir.resolve(name));
      totalSize += writer.dataSize();
      for (String tensor : writer.names()) {
        weightMap.put(tensor, name);
      }
    }
    ObjectNode index = JsonFiles.MAPPER.createObjectNode();
    index.putObject("metadata").put("total_size", totalSize);
    ObjectNode map = index.putObject("weight_map");
    weightMap.forEach(map::put);
    JsonFiles.write(index, dir.resolve(SafetensorsWeightSource.INDEX_FILE));
  }

  private static SafetensorsWriter writer(
      List<TensorSpec> specs, RandomWeights random, SafetensorsDtype dtype) {
    SafetensorsWriter writer = new SafetensorsWriter(dtype);
    for (TensorSpec spec : specs) {
      writer.add(spec.name(), spec.shape(), random.values(spec));
    }
    return writer;
  }

  /** Consecutive groups of about equal bytes, none empty, as transformers' sharding makes. */
  private static List<List<TensorSpec>> split(List<TensorSpec> specs, int shards) {
    long total = 0;
    for (TensorSpec spec : specs) {
      total += spec.shape().size();
    }
    List<List<TensorSpec>> groups = new ArrayList<>();
    groups.add(new ArrayList<>());
    long written = 0;
    for (int i = 0; i < specs.size(); i++) {
      groups.get(groups.size() - 1).add(specs.get(i));
      written += specs.get(i).shape().size();
      int shardsLeft = shards - groups.size();
      int specsLeft = specs.size() - i - 1;
      boolean full = written * shards >= total * groups.size();
      if (shardsLeft > 0 && (full || specsLeft == shardsLeft)) {
        groups.add(new ArrayList<>());
      }
    }
    return groups;
  }

  /** {@code TinyCheckpointWriter <dir> [--seed N] [--shards N]}. */
  public static void main(String[] args) {
    Path dir = null;
    long seed = 42;
    int shards = 1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--seed" -> seed = Long.parseLong(value(args, ++i, "--seed"));
        case "--shards" -> shards = Integer.parseInt(value(args, ++i, "--shards"));
        default -> {
          if (dir != null || args[i].startsWith("--")) {
            usage("unexpected argument " + args[i]);
          }
          dir = Path.of(args[i]);
        }
      }
    }
    if (dir == null) {
      usage("missing <dir>");
    }
    write(dir, StandardConfigs.tiny(), seed, shards);
    System.out.println("wrote tiny LLaVA-OneVision checkpoint to " + dir.toAbsolutePath());
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      usage(flag + " needs a value");
    }
    return args[i];
  }

  private static void usage(String problem) {
    System.err.println(problem);
    System.err.println("usage: TinyCheckpointWriter <dir> [--seed N] [--shards N]");
    System.exit(2);
  }
}
