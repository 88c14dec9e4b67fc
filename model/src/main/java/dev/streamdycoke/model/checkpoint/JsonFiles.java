package dev.streamdycoke.model.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Reading and writing the checkpoint's small JSON files, failing with the file's name. */
final class JsonFiles {
  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonFiles() {}

  /** The JSON object in {@code file}. */
  static JsonNode readObject(Path file) {
    JsonNode root;
    try {
      root = MAPPER.readTree(file.toFile());
    } catch (NoSuchFileException e) {
      throw new CheckpointException(file, null, "file not found", e);
    } catch (IOException e) {
      if (!Files.exists(file)) {
        throw new CheckpointException(file, null, "file not found", e);
      }
      throw new CheckpointException(file, null, "not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new CheckpointException(file, null, "not a JSON object");
    }
    return root;
  }

  /**
   * {@code node} with its keys, and those of nested objects, in alphabetical order: transformers
   * saves configs with {@code sort_keys=True}, so written files diff cleanly against real ones.
   */
  static ObjectNode sorted(ObjectNode node) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    Collections.sort(keys);
    ObjectNode out = MAPPER.createObjectNode();
    for (String key : keys) {
      JsonNode value = node.get(key);
      out.set(key, value instanceof ObjectNode child ? sorted(child) : value);
    }
    return out;
  }

  /** Writes {@code node} indented, with a final newline as Hugging Face tools write them. */
  static void write(JsonNode node, Path file) throws IOException {
    Files.writeString(file, MAPPER.writeValueAsString(node) + "\n");
  }
}
