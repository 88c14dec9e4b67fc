package dev.streamdycoke.schemas.registry;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Where the schema registry is and how to talk to it: its URL (the Confluent-compatible API root,
 * e.g. Apicurio's {@code http://host:8080/apis/ccompat/v7}) and client settings named as
 * Confluent's clients name them, so an existing configuration carries over (a {@code
 * schema.registry.} prefix is accepted and dropped).
 *
 * <p>Serializable: Flink ships it to every task. {@link #toString()} never shows a secret, and
 * neither does any message built from it, so it is safe to log.
 */
public final class RegistryConfig implements Serializable {

  private static final long serialVersionUID = 1L;

  /** {@code user:password} for HTTP basic authentication. */
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

  /** Confluent's switch for where credentials come from; only USER_INFO (the default) is read. */
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";

  /** Per-request timeout, milliseconds (default 10000). */
  public static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";

  /**
   * How long a lookup or registration keeps retrying an unreachable registry before it gives up and
   * fails the task, milliseconds (default 60000); Flink's restart strategy then restarts the job
   * from its last checkpoint, so no record is lost or dead-lettered for it.
   */
  public static final String RETRY_TIMEOUT_MS = "retry.timeout.ms";

  /** Longest pause between two retries, milliseconds (default 5000); the first is 100 ms. */
  public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";

  static final String TRUSTSTORE_LOCATION = "ssl.truststore.location";
  static final String TRUSTSTORE_PASSWORD = "ssl.truststore.password";
  static final String TRUSTSTORE_TYPE = "ssl.truststore.type";
  static final String KEYSTORE_LOCATION = "ssl.keystore.location";
  static final String KEYSTORE_PASSWORD = "ssl.keystore.password";
  static final String KEYSTORE_TYPE = "ssl.keystore.type";
  static final String KEY_PASSWORD = "ssl.key.password";

  private static final String CONFLUENT_PREFIX = "schema.registry.";

  private static final Set<String> KNOWN =
      Set.of(
          BASIC_AUTH_USER_INFO,
          BASIC_AUTH_CREDENTIALS_SOURCE,
          REQUEST_TIMEOUT_MS,
          RETRY_TIMEOUT_MS,
          RETRY_BACKOFF_MAX_MS,
          TRUSTSTORE_LOCATION,
          TRUSTSTORE_PASSWORD,
          TRUSTSTORE_TYPE,
          KEYSTORE_LOCATION,
          KEYSTORE_PASSWORD,
          KEYSTORE_TYPE,
          KEY_PASSWORD);

  private static final Set<String> SECRET =
      Set.of(BASIC_AUTH_USER_INFO, TRUSTSTORE_PASSWORD, KEYSTORE_PASSWORD, KEY_PASSWORD);

  private final String url;
  private final TreeMap<String, String> settings;

  private RegistryConfig(String url, Map<String, String> settings) {
    this.url = url;
    this.settings = new TreeMap<>(settings);
  }

  /**
   * @param url the Confluent-compatible API root; a trailing slash is dropped
   * @param settings client settings (see the constants); unknown keys are refused here, at start,
   *     rather than ignored, so a misspelt password setting does not surface as HTTP 401 later
   * @throws IllegalArgumentException for a URL that is not http(s), one with credentials in it, or
   *     an unknown setting
   */
  public static RegistryConfig of(String url, Map<String, String> settings) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("schema registry URL is not a URI");
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          "schema registry URL must be http:// or https://, got scheme " + uri.getScheme());
    }
    if (uri.getRawUserInfo() != null) {
      // Never echo it: it is a password.
      throw new IllegalArgumentException(
          "schema registry URL must not hold credentials; set " + BASIC_AUTH_USER_INFO);
    }
    Map<String, String> normalized = new TreeMap<>();
    for (Map.Entry<String, String> e : settings.entrySet()) {
      String key =
          e.getKey().startsWith(CONFLUENT_PREFIX)
              ? e.getKey().substring(CONFLUENT_PREFIX.length())
              : e.getKey();
      if (!KNOWN.contains(key)) {
        throw new IllegalArgumentException(
            "unknown schema registry setting " + e.getKey() + "; known: " + new TreeSet<>(KNOWN));
      }
      normalized.put(key, e.getValue());
    }
    String source = normalized.getOrDefault(BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO");
    if (!"USER_INFO".equals(source)) {
      throw new IllegalArgumentException(
          BASIC_AUTH_CREDENTIALS_SOURCE + " " + source + " is not supported; use USER_INFO");
    }
    String root = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    return new RegistryConfig(root, normalized);
  }

  /** The API root, without a trailing slash. */
  public String url() {
    return url;
  }

  /** A setting, or null. */
  public String get(String key) {
    return settings.get(key);
  }

  Duration millis(String key, long defaultMillis) {
    String value = settings.get(key);
    try {
      return Duration.ofMillis(value == null ? defaultMillis : Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be milliseconds, got " + value);
    }
  }

  /** The URL and settings with every secret replaced by {@code ******}. */
  @Override
  public String toString() {
    return "RegistryConfig[url="
        + url
        + settings.entrySet().stream()
            .map(
                e ->
                    ", "
                        + e.getKey()
                        + "="
                        + (SECRET.contains(e.getKey()) ? "******" : e.getValue()))
            .collect(Collectors.joining())
        + "]";
  }
}
