package dev.streamdycoke.dist;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a resource against a CustomResourceDefinition's openAPIV3Schema the way the Kubernetes API
 * server does with strict field validation (kubectl's default): unknown fields, wrong types, values
 * outside an enum and missing required fields are errors; {@code
 * x-kubernetes-preserve-unknown-fields} and {@code x-kubernetes-int-or-string} are honoured.
 */
final class StructuralSchema {
  private final JsonNode root;

  StructuralSchema(JsonNode crd, String version) {
    JsonNode found = null;
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (v.path("name").asText().equals(version)) {
        found = v.path("schema").path("openAPIV3Schema");
      }
    }
    if (found == null) {
      throw new IllegalArgumentException("the CRD has no version " + version);
    }
    this.root = found;
  }

  /**
   * The violations of the resource's spec, each with its path; empty when it is valid. (apiVersion,
   * kind and metadata are the API server's own, not the CRD's.)
   */
  List<String> violations(JsonNode resource) {
    List<String> errors = new ArrayList<>();
    check(resource.path("spec"), root.path("properties").path("spec"), ".spec", errors);
    return errors;
  }

  private static void check(JsonNode value, JsonNode schema, String path, List<String> errors) {
    if (value == null || value.isNull()) {
      return;
    }
    if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
      if (!value.isIntegralNumber() && !value.isTextual()) {
        errors.add(path + ": expected an integer or a string, got " + value);
      }
      return;
    }
    if (schema.has("anyOf")) {
      boolean any = false;
      for (JsonNode option : schema.get("anyOf")) {
        List<String> sub = new ArrayList<>();
        check(value, option, path, sub);
        any |= sub.isEmpty();
      }
      if (!any) {
        errors.add(path + ": matches none of " + schema.get("anyOf"));
      }
    }
    if (schema.has("enum")) {
      boolean listed = false;
      for (JsonNode allowed : schema.get("enum")) {
        listed |= allowed.asText().equals(value.asText());
      }
      if (!listed) {
        errors.add(path + ": " + value + " is not one of " + schema.get("enum"));
      }
    }
    String type = schema.path("type").asText("");
    switch (type) {
      case "object" -> checkObject(value, schema, path, errors);
      case "array" -> {
        if (!value.isArray()) {
          errors.add(path + ": expected an array, got " + value.getNodeType());
        } else {
          for (int i = 0; i < value.size(); i++) {
            check(value.get(i), schema.path("items"), path + "[" + i + "]", errors);
          }
        }
      }
      case "string" -> expect(value.isTextual(), "a string", value, path, errors);
      case "integer" -> expect(value.isIntegralNumber(), "an integer", value, path, errors);
      case "number" -> expect(value.isNumber(), "a number", value, path, errors);
      case "boolean" -> expect(value.isBoolean(), "a boolean", value, path, errors);
      default -> {
        if (schema.has("properties")) {
          checkObject(value, schema, path, errors);
        }
      }
    }
  }

  private static void checkObject(
      JsonNode value, JsonNode schema, String path, List<String> errors) {
    if (!value.isObject()) {
      errors.add(path + ": expected an object, got " + value.getNodeType());
      return;
    }
    for (JsonNode required : schema.path("required")) {
      if (!value.has(required.asText())) {
        errors.add(path + ": missing required field " + required.asText());
      }
    }
    boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean();
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.get("additionalProperties");
    for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      String fieldPath = path + "." + field.getKey();
      if (properties.has(field.getKey())) {
        check(field.getValue(), properties.get(field.getKey()), fieldPath, errors);
      } else if (additional != null && additional.isObject()) {
        check(field.getValue(), additional, fieldPath, errors);
      } else if (!preserveUnknown && !(additional != null && additional.asBoolean(false))) {
        errors.add(fieldPath + ": unknown field");
      }
    }
  }

  private static void expect(
      boolean ok, String what, JsonNode value, String path, List<String> errors) {
    if (!ok) {
      errors.add(path + ": expected " + what + ", got " + value);
    }
  }
}
