package dev.streamdycoke.schemas;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * The two calls of Confluent's registry API the codecs make, in process on a loopback port: ids are
 * handed out in registration order, identical schema text gets the same id, and requests are
 * counted. With a user info set it answers 401 to requests without those basic credentials; with a
 * TLS context it serves https.
 */
final class FakeRegistry implements AutoCloseable {

  private final HttpServer server;
  private final ObjectMapper json = new ObjectMapper();
  private final List<String> schemas = new ArrayList<>();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final String authorization;
  private final String scheme;

  FakeRegistry(String userInfo) throws IOException {
    this(userInfo, null);
  }

  FakeRegistry(String userInfo, SSLContext tls) throws IOException {
    this.authorization =
        userInfo == null
            ? null
            : "Basic "
                + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (tls == null) {
      server = HttpServer.create(loopback, 0);
      scheme = "http";
    } else {
      HttpsServer https = HttpsServer.create(loopback, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
      scheme = "https";
    }
    server.createContext("/api/", this::handle);
    server.start();
  }

  /** The API root the codecs are configured with. */
  String url() {
    return scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/api";
  }

  /** Schema type per id, for ids registered as something else than Avro. */
  private final Map<Integer, String> types = new ConcurrentHashMap<>();

  /** Registers a schema of another type (e.g. PROTOBUF) directly; returns the id. */
  int add(String schemaType, String schema) {
    int id = add(schema);
    types.put(id, schemaType);
    return id;
  }

  /** Registers directly, as another producer would; returns the id. */
  synchronized int add(String schema) {
    int at = schemas.indexOf(schema);
    if (at < 0) {
      schemas.add(schema);
      at = schemas.size() - 1;
    }
    return at + 1;
  }

  /**
   * Requests seen whose method and path start with {@code prefix}, e.g. "GET /api/schemas/ids/".
   */
  int requests(String prefix) {
    return requests.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .mapToInt(e -> e.getValue().get())
        .sum();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    requests
        .computeIfAbsent(exchange.getRequestMethod() + " " + path, k -> new AtomicInteger())
        .incrementAndGet();
    if (authorization != null
        && !authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      reply(exchange, 401, "{\"error_code\":401,\"message\":\"Unauthorized\"}");
      return;
    }
    if (path.startsWith("/api/schemas/ids/") && "GET".equals(exchange.getRequestMethod())) {
      int id = Integer.parseInt(path.substring("/api/schemas/ids/".length()));
      String schema;
      synchronized (this) {
        schema = id >= 1 && id <= schemas.size() ? schemas.get(id - 1) : null;
      }
      if (schema == null) {
        reply(exchange, 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
      } else {
        ObjectNode body = json.createObjectNode();
        body.put("schema", schema);
        if (types.containsKey(id)) {
          body.put("schemaType", types.get(id));
        }
        reply(exchange, 200, body.toString());
      }
    } else if (path.matches("/api/subjects/[^/]+/versions")
        && "POST".equals(exchange.getRequestMethod())) {
      String schema = json.readTree(exchange.getRequestBody()).get("schema").asText();
      reply(exchange, 200, "{\"id\":" + add(schema) + "}");
    } else {
      reply(exchange, 404, "{\"message\":\"HTTP 404 Not Found\"}");
    }
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
