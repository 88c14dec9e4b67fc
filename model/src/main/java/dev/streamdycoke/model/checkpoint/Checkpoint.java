package dev.streamdycoke.model.checkpoint;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A LLaVA-OneVision checkpoint directory in Hugging Face layout, validated as a whole when opened
 * so that a bad directory fails at load time with the file and tensor at fault, never in the middle
 * of a stream: {@code config.json}, {@code preprocessor_config.json}, {@code tokenizer.json}, a
 * ChatML chat template {@link dev.streamdycoke.model.tokenizer.ChatPrompt} reproduces, optional
 * {@code generation_config.json}, and weights in which every required tensor of {@link
 * TensorLayout} exists with its shape and a loadable dtype. Only headers are read; tensor values
 * are read when {@link #weights()} loads them.
 */
public final class Checkpoint implements AutoCloseable {
  public static final String CONFIG = "config.json";
  public static final String GENERATION_CONFIG = "generation_config.json";
  public static final String PREPROCESSOR_CONFIG = "preprocessor_config.json";
  public static final String TOKENIZER = "tokenizer.json";

  private final Path directory;
  private final LlavaOnevisionConfig config;
  private final PreprocessorConfig preprocessor;
  private final SafetensorsWeightSource weights;
  private final Path tokenizerFile;
  private final String chatTemplate;
  private final Path chatTemplateFile;

  private Checkpoint(
      Path directory,
      LlavaOnevisionConfig config,
      PreprocessorConfig preprocessor,
      SafetensorsWeightSource weights,
      Path tokenizerFile,
      ChatTemplateFiles.Found chatTemplate) {
    this.directory = directory;
    this.config = config;
    this.preprocessor = preprocessor;
    this.weights = weights;
    this.tokenizerFile = tokenizerFile;
    this.chatTemplate = chatTemplate.template();
    this.chatTemplateFile = chatTemplate.file();
  }

  /**
   * Opens and validates the checkpoint in {@code dir}.
   *
   * @throws CheckpointException naming the file, and the tensor where one is at fault
   */
  public static Checkpoint open(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new CheckpointException(dir, null, "not a checkpoint directory");
    }
    LlavaOnevisionConfig config =
        ConfigJson.read(dir.resolve(CONFIG), dir.resolve(GENERATION_CONFIG));
    PreprocessorConfig preprocessor = PreprocessorConfigJson.read(dir.resolve(PREPROCESSOR_CONFIG));
    Path tokenizer = dir.resolve(TOKENIZER);
    if (!JsonFiles.readObject(tokenizer).has("model")) {
      throw new CheckpointException(tokenizer, null, "has no tokenizer model");
    }
    ChatTemplateFiles.Found template = ChatTemplateFiles.read(dir);
    SafetensorsWeightSource weights = SafetensorsWeightSource.open(dir);
    try {
      checkTensors(config, weights);
    } catch (RuntimeException e) {
      weights.close();
      throw e;
    }
    return new Checkpoint(dir, config, preprocessor, weights, tokenizer, template);
  }

  private static void checkTensors(LlavaOnevisionConfig config, SafetensorsWeightSource weights) {
    for (TensorSpec spec : TensorLayout.of(config).specs()) {
      SafetensorsTensor stored = weights.tensor(spec.name());
      if (stored == null) {
        if (spec.required()) {
          throw new CheckpointException(
              weights.fileOf(spec.name()),
              spec.name(),
              "required tensor missing (expected shape " + spec.shape() + ")");
        }
        continue;
      }
      // Optional tensors are checked too: a wrong shape means the config does not match.
      if (!stored.shape().equals(spec.shape())) {
        throw new CheckpointException(
            weights.fileOf(spec.name()),
            stored.name(),
            "shape " + stored.shape() + " but config.json implies " + spec.shape());
      }
      if (!stored.dtype().loadable()) {
        throw new CheckpointException(
            weights.fileOf(spec.name()),
            stored.name(),
            "dtype " + stored.dtype() + " is not supported (only F32, F16 and BF16 are)");
      }
    }
  }

  public Path directory() {
    return directory;
  }

  public LlavaOnevisionConfig config() {
    return config;
  }

  public PreprocessorConfig preprocessor() {
    return preprocessor;
  }

  /** The tensors, by canonical name; valid until {@link #close()}. */
  public SafetensorsWeightSource weights() {
    return weights;
  }

  /** The {@code tokenizer.json} to build a tokenizer from. */
  public Path tokenizerFile() {
    return tokenizerFile;
  }

  /** The chat template's Jinja source. */
  public String chatTemplate() {
    return chatTemplate;
  }

  /** The file the chat template was read from. */
  public Path chatTemplateFile() {
    return chatTemplateFile;
  }

  /** Releases the weight files; arrays already loaded stay valid. */
  @Override
  public void close() {
    weights.close();
  }
}
