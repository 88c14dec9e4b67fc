package dev.streamdycoke.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.streamdycoke.schemas.registry.RegistryConfig;
import dev.streamdycoke.schemas.registry.RegistryUnavailableException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An https registry with a certificate from a private CA (self-signed here, made by the JDK's
 * keytool): trusted through ssl.truststore.*, refused without it.
 */
class RegistryTlsTest {

  private static final String PASSWORD = "pw-" + UUID.randomUUID();

  @TempDir Path dir;

  @Test
  void aPrivateCaIsTrustedThroughTheTruststoreSettings() throws Exception {
    Path server = dir.resolve("server.p12");
    Path trust = dir.resolve("trust.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "registry",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=ip:127.0.0.1",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        server.toString(),
        "-storepass",
        PASSWORD);
    Path cert = dir.resolve("server.cer");
    keytool(
        "-exportcert",
        "-alias",
        "registry",
        "-keystore",
        server.toString(),
        "-storepass",
        PASSWORD,
        "-file",
        cert.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "registry",
        "-file",
        cert.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        trust.toString(),
        "-storepass",
        PASSWORD);

    try (FakeRegistry registry = new FakeRegistry(null, serverContext(server))) {
      RegistryConfig trusted =
          RegistryConfig.of(
              registry.url(),
              Map.of(
                  "ssl.truststore.location",
                  trust.toString(),
                  "ssl.truststore.password",
                  PASSWORD,
                  "ssl.truststore.type",
                  "PKCS12"));
      byte[] message =
          RegistryCodec.of(Frame.class, trusted).encode(Fixtures.frame(), "frames-value");
      assertEquals(Fixtures.frame(), RegistryCodec.of(Frame.class, trusted).decode(message));

      RegistryConfig untrusted =
          RegistryConfig.of(registry.url(), Map.of(RegistryConfig.RETRY_TIMEOUT_MS, "0"));
      RegistryUnavailableException e =
          assertThrows(
              RegistryUnavailableException.class,
              () -> RegistryCodec.of(Frame.class, untrusted).decode(message));
      assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
    }
  }

  private static SSLContext serverContext(Path keyStore) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new AssertionError("keytool failed: " + output);
    }
  }
}
