package dev.streamdycoke.model.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed access to the fields of one JSON object of a checkpoint file, with the defaults the Python
 * config classes use, and errors naming the file and the field's dotted path.
 */
final class JsonFields {
  private final Path file;
  private final String prefix;
  private final JsonNode node;

  JsonFields(Path file, String prefix, JsonNode node) {
    this.file = file;
    this.prefix = prefix;
    this.node = node;
  }

  boolean has(String key) {
    JsonNode v = node.get(key);
    return v != null && !v.isNull();
  }

  JsonNode get(String key) {
    return node.get(key);
  }

  /** The nested object {@code key}, or an empty one when absent so defaults apply. */
  JsonFields object(String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return new JsonFields(file, path(key) + ".", JsonFiles.MAPPER.createObjectNode());
    }
    if (!v.isObject()) {
      throw invalid(key, "is not a JSON object");
    }
    return new JsonFields(file, path(key) + ".", v);
  }

  int integer(String key, int fallback) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw invalid(key, "is not an integer: " + v);
    }
    return v.asInt();
  }

  int requiredInteger(String key) {
    if (!has(key)) {
      throw invalid(key, "is missing");
    }
    return integer(key, 0);
  }

  double number(String key, double fallback) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isNumber()) {
      throw invalid(key, "is not a number: " + v);
    }
    return v.asDouble();
  }

  boolean bool(String key, boolean fallback) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isBoolean()) {
      throw invalid(key, "is not a boolean: " + v);
    }
    return v.asBoolean();
  }

  String text(String key, String fallback) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isTextual()) {
      throw invalid(key, "is not a string: " + v);
    }
    return v.asText();
  }

  /** An int or a list of ints, as {@code vision_feature_layer} and {@code eos_token_id} are. */
  List<Integer> integers(String key, List<Integer> fallback) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return fallback;
    }
    List<Integer> out = new ArrayList<>();
    if (v.isArray()) {
      for (JsonNode e : v) {
        if (!e.isIntegralNumber() || !e.canConvertToInt()) {
          throw invalid(key, "is not a list of integers: " + v);
        }
        out.add(e.asInt());
      }
      if (out.isEmpty()) {
        throw invalid(key, "is an empty list");
      }
    } else if (v.isIntegralNumber() && v.canConvertToInt()) {
      out.add(v.asInt());
    } else {
      throw invalid(key, "is neither an integer nor a list of integers: " + v);
    }
    return List.copyOf(out);
  }

  float[] floats(String key, float[] fallback) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return fallback.clone();
    }
    if (v.isNumber()) {
      // Image processors accept one number for all channels.
      return new float[] {v.floatValue(), v.floatValue(), v.floatValue()};
    }
    if (!v.isArray()) {
      throw invalid(key, "is not a list of numbers: " + v);
    }
    float[] out = new float[v.size()];
    for (int i = 0; i < out.length; i++) {
      if (!v.get(i).isNumber()) {
        throw invalid(key, "is not a list of numbers: " + v);
      }
      out[i] = v.get(i).floatValue();
    }
    return out;
  }

  /** Fails unless {@code key} equals {@code expected}, naming what is supported. */
  void requireText(String key, String expected) {
    String actual = text(key, null);
    if (!expected.equals(actual)) {
      throw invalid(
          key,
          "is "
              + (actual == null ? "missing" : "'" + actual + "'")
              + " but only '"
              + expected
              + "' is supported");
    }
  }

  String path(String key) {
    return prefix + key;
  }

  CheckpointException invalid(String key, String message) {
    return new CheckpointException(file, null, "field " + path(key) + " " + message);
  }
}
