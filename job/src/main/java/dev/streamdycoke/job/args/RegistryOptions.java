package dev.streamdycoke.job.args;

import dev.streamdycoke.schemas.registry.RegistryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * The schema registry, if any, and how to talk to it; shared by the job and the producers. Off
 * unless {@code --schema-registry} is given. Settings pass through like Kafka's: a properties file
 * (where passwords belong) and single {@code key=value} flags that override it.
 */
public final class RegistryOptions {
  @Option(
      names = "--schema-registry",
      description =
          "Confluent-compatible schema registry API root, e.g. http://registry:8080/apis/ccompat/v7 (Apicurio); also read and write Confluent's wire format. Default: none.")
  String url;

  @Option(
      names = "--registry-config",
      description =
          "A Java properties file of registry client settings (basic.auth.user.info, ssl.truststore.*, ssl.keystore.*, ...).")
  Path config;

  @Option(
      names = "--registry-property",
      description =
          "One registry client setting, key=value; repeatable; overrides --registry-config.")
  Map<String, String> properties = new LinkedHashMap<>();

  @Option(
      names = "--registry-output",
      description =
          "run: write answers and dead letters in Confluent's wire format too, registering their schemas under <topic>-value (needs --schema-registry).")
  boolean output;

  /** The registry, or null when none is configured. */
  public RegistryConfig config() {
    if (url == null) {
      if (output || config != null || !properties.isEmpty()) {
        throw new IllegalArgumentException(
            "--registry-output, --registry-config and --registry-property need --schema-registry");
      }
      return null;
    }
    Properties settings = new Properties();
    if (config != null) {
      try (InputStream in = Files.newInputStream(config)) {
        settings.load(in);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read --registry-config " + config + ": " + e.getMessage(), e);
      }
    }
    settings.putAll(properties);
    Map<String, String> map = new LinkedHashMap<>();
    settings.stringPropertyNames().forEach(k -> map.put(k, settings.getProperty(k)));
    return RegistryConfig.of(url, map);
  }

  /** The registry answers and dead letters are written through, or null for single-object. */
  public RegistryConfig outputConfig() {
    RegistryConfig registry = config();
    return output ? registry : null;
  }

  @Override
  public String toString() {
    RegistryConfig registry = config();
    return registry == null ? "no schema registry" : registry + (output ? " (output too)" : "");
  }
}
