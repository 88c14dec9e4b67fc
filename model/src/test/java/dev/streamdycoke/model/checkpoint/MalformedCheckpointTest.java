package dev.streamdycoke.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every malformed directory fails at {@link Checkpoint#open}, naming the file and tensor. */
class MalformedCheckpointTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VICTIM = "language_model.model.layers.1.mlp.up_proj.weight";
  @TempDir Path dir;

  @BeforeEach
  void writeTiny() {
    TinyCheckpointWriter.writeTiny(dir);
  }

  private CheckpointException failure() {
    return assertThrows(CheckpointException.class, () -> Checkpoint.open(dir).close());
  }

  private void assertFails(String file, String tensor, String messagePart) {
    CheckpointException e = failure();
    assertEquals(dir.resolve(file), e.file(), e.getMessage());
    assertTrue(e.getMessage().contains(file), e.getMessage());
    if (tensor != null) {
      assertEquals(tensor, e.tensor(), e.getMessage());
      assertTrue(e.getMessage().contains(tensor), e.getMessage());
    }
    assertTrue(e.getMessage().contains(messagePart), e.getMessage());
  }

  private void editConfig(java.util.function.Consumer<ObjectNode> edit) throws Exception {
    Path file = dir.resolve("config.json");
    ObjectNode config = (ObjectNode) JSON.readTree(file.toFile());
    edit.accept(config);
    JSON.writeValue(file.toFile(), config);
  }

  @Test
  void configMissing() throws Exception {
    Files.delete(dir.resolve("config.json"));
    assertFails("config.json", null, "not found");
  }

  @Test
  void unsupportedModelType() throws Exception {
    editConfig(c -> c.put("model_type", "llama"));
    assertFails("config.json", null, "model_type");
    assertTrue(failure().getMessage().contains("llama"));
  }

  @Test
  void wrongVisionModelType() throws Exception {
    editConfig(c -> ((ObjectNode) c.get("vision_config")).put("model_type", "clip_vision_model"));
    assertFails("config.json", null, "vision_config.model_type");
  }

  @Test
  void wrongTextModelType() throws Exception {
    editConfig(c -> ((ObjectNode) c.get("text_config")).put("model_type", "llama"));
    assertFails("config.json", null, "text_config.model_type");
  }

  @Test
  void tensorMissing() throws Exception {
    Weights.rewrite(
        dir.resolve("model.safetensors"),
        StandardConfigs.tiny(),
        42,
        spec -> spec.name().equals(VICTIM) ? null : new Weights.Stored(spec.name(), spec.shape()));
    assertFails("model.safetensors", VICTIM, "missing");
  }

  @Test
  void tensorOfWrongShape() throws Exception {
    Weights.rewrite(
        dir.resolve("model.safetensors"),
        StandardConfigs.tiny(),
        42,
        spec ->
            new Weights.Stored(
                spec.name(), spec.name().equals(VICTIM) ? new Shape(128, 63) : spec.shape()));
    assertFails("model.safetensors", VICTIM, "(128, 63)");
  }

  @Test
  void shardMissing() throws Exception {
    Path sharded = dir.resolve("sharded");
    TinyCheckpointWriter.write(sharded, StandardConfigs.tiny(), 42, 3);
    Files.delete(sharded.resolve("model-00002-of-00003.safetensors"));
    CheckpointException e =
        assertThrows(CheckpointException.class, () -> Checkpoint.open(sharded).close());
    assertEquals(sharded.resolve("model-00002-of-00003.safetensors"), e.file());
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    assertTrue(e.tensor() != null && e.getMessage().contains(e.tensor()), e.getMessage());
  }

  @Test
  void truncatedWeights() throws Exception {
    Path file = dir.resolve("model.safetensors");
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(raf.length() / 2);
    }
    CheckpointException e = failure();
    assertEquals(file, e.file());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void absurdHeaderLength() throws Exception {
    Path file = dir.resolve("model.safetensors");
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array());
    }
    assertFails("model.safetensors", null, "header length");
  }

  @Test
  void tokenizerMissing() throws Exception {
    Files.delete(dir.resolve("tokenizer.json"));
    assertFails("tokenizer.json", null, "not found");
  }

  @Test
  void nonChatmlTemplate() throws Exception {
    ObjectNode template = JSON.createObjectNode();
    template.put(
        "chat_template", "{% for m in messages %}[INST] {{ m['content'] }} [/INST]{% endfor %}");
    JSON.writeValue(dir.resolve("chat_template.json").toFile(), template);
    assertFails("chat_template.json", null, "ChatML");
  }

  @Test
  void chatmlTemplateOfAnotherLayout() throws Exception {
    String template = ChatPromptTemplates.CONVERSION_SCRIPT_VARIANT;
    Files.delete(dir.resolve("chat_template.json"));
    Files.writeString(dir.resolve("chat_template.jinja"), template);
    assertFails("chat_template.jinja", null, "unsupported");
  }

  @Test
  void preprocessorConfigMissing() throws Exception {
    Files.delete(dir.resolve("preprocessor_config.json"));
    assertFails("preprocessor_config.json", null, "not found");
  }

  @Test
  void noWeightsAtAll() throws Exception {
    Files.delete(dir.resolve("model.safetensors"));
    assertFails("model.safetensors", null, "no weights");
  }

  /** Templates that look like the llava-onevision one but render differently. */
  static final class ChatPromptTemplates {
    /** The variant in transformers' conversion script: a newline after the role. */
    static final String CONVERSION_SCRIPT_VARIANT =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n'}}"
            + "{% for content in message['content'] | selectattr('type', 'equalto', 'video') %}"
            + "{{ '<video>\\n' }}{% endfor %}"
            + "{% for content in message['content'] | selectattr('type', 'equalto', 'text') %}"
            + "{{ content['text'] }}{% endfor %}{{'<|im_end|>' + '\\n'}}{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private ChatPromptTemplates() {}
  }
}
