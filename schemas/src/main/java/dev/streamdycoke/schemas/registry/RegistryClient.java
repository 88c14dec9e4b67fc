package dev.streamdycoke.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The two calls of Confluent's schema registry API that the job and its producers make, over
 * java.net.http: look a schema up by id, and register one under a subject. One attempt each;
 * retrying is {@link SchemaLookup}'s job.
 *
 * <p>Failures are sorted by whose fault they are: an id the registry answers "not found" for (its
 * error code 40403) is the record's, reported as an empty result; everything else (connection
 * refused, timeouts, HTTP 5xx, 401/403, a 404 without that error code, which means the URL is not a
 * registry's API root) is a {@link RegistryUnavailableException}.
 */
public final class RegistryClient {

  /** A schema as the registry stores it; schemaType is AVRO when the registry leaves it out. */
  public record FetchedSchema(String schemaType, String schema) {}

  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final int SCHEMA_NOT_FOUND = 40403;

  private final RegistryConfig config;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final String authorization;
  private final ObjectMapper json = new ObjectMapper();

  public RegistryClient(RegistryConfig config) {
    this.config = config;
    this.requestTimeout = config.millis(RegistryConfig.REQUEST_TIMEOUT_MS, 10_000);
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(requestTimeout);
    if (config.url().startsWith("https:")) {
      builder.sslContext(RegistryTls.context(config));
    }
    this.http = builder.build();
    String userInfo = config.get(RegistryConfig.BASIC_AUTH_USER_INFO);
    this.authorization =
        userInfo == null
            ? null
            : "Basic "
                + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
  }

  /** The schema with this id, or empty when the registry says it has none. */
  public Optional<FetchedSchema> schemaById(int id) {
    HttpResponse<String> response = send(request("/schemas/ids/" + id).GET(), "look up id " + id);
    if (response.statusCode() == 404 && errorCode(response) == SCHEMA_NOT_FOUND) {
      return Optional.empty();
    }
    JsonNode body = okBody(response, "look up id " + id);
    JsonNode schema = body.get("schema");
    if (schema == null || !schema.isTextual()) {
      throw new RegistryUnavailableException(
          "schema registry at " + config.url() + " answered id " + id + " without a schema");
    }
    JsonNode type = body.get("schemaType");
    return Optional.of(
        new FetchedSchema(type == null || type.isNull() ? "AVRO" : type.asText(), schema.asText()));
  }

  /**
   * Registers {@code schema} under {@code subject} (or finds it already there) and returns its id.
   *
   * @throws IllegalStateException when the registry refuses the schema (HTTP 409 or 422: it breaks
   *     the subject's compatibility rule); retrying cannot help, the deployment must be fixed
   */
  public int register(String subject, String schema) {
    ObjectNode request = json.createObjectNode();
    request.put("schema", schema);
    String what = "register a schema under subject " + subject;
    HttpResponse<String> response =
        send(
            request("/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/versions")
                .header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(request.toString())),
            what);
    if (response.statusCode() == 409 || response.statusCode() == 422) {
      throw new IllegalStateException(
          "schema registry refused to "
              + what
              + " (HTTP "
              + response.statusCode()
              + "): "
              + abbreviate(response.body()));
    }
    JsonNode id = okBody(response, what).get("id");
    if (id == null || !id.canConvertToInt()) {
      throw new RegistryUnavailableException(
          "schema registry at " + config.url() + " answered " + what + " without an id");
    }
    return id.asInt();
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(config.url() + path))
            .timeout(requestTimeout)
            .header("Accept", CONTENT_TYPE + ", application/json");
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    return builder;
  }

  private HttpResponse<String> send(HttpRequest.Builder request, String what) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "cannot reach the schema registry at " + config.url() + " to " + what + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryUnavailableException("interrupted while asking the schema registry", e);
    }
  }

  private JsonNode okBody(HttpResponse<String> response, String what) {
    int status = response.statusCode();
    if (status != 200) {
      String hint =
          status == 401 || status == 403
              ? " (check " + RegistryConfig.BASIC_AUTH_USER_INFO + ")"
              : status == 404 ? " (is " + config.url() + " the registry's API root?)" : "";
      throw new RegistryUnavailableException(
          "schema registry at "
              + config.url()
              + " failed to "
              + what
              + ": HTTP "
              + status
              + hint
              + ": "
              + abbreviate(response.body()));
    }
    try {
      return json.readTree(response.body());
    } catch (IOException e) {
      throw new RegistryUnavailableException(
          "schema registry at " + config.url() + " answered " + what + " with invalid JSON", e);
    }
  }

  private int errorCode(HttpResponse<String> response) {
    try {
      JsonNode code = json.readTree(response.body()).get("error_code");
      return code == null ? -1 : code.asInt();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static String abbreviate(String body) {
    String s = body == null ? "" : body.strip();
    return s.length() <= 300 ? s : s.substring(0, 300) + "...";
  }
}
