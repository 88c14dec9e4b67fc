package dev.streamdycoke.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context for an https registry from the {@code ssl.*} settings, as Kafka clients take
 * them: a trust store for a private CA, a key store for mutual TLS. Without either, the JVM's
 * defaults.
 */
final class RegistryTls {

  private RegistryTls() {}

  static SSLContext context(RegistryConfig config) {
    String trustStore = config.get(RegistryConfig.TRUSTSTORE_LOCATION);
    String keyStore = config.get(RegistryConfig.KEYSTORE_LOCATION);
    try {
      if (trustStore == null && keyStore == null) {
        return SSLContext.getDefault();
      }
      TrustManagerFactory tmf = null;
      if (trustStore != null) {
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(
            load(
                trustStore,
                config.get(RegistryConfig.TRUSTSTORE_TYPE),
                config.get(RegistryConfig.TRUSTSTORE_PASSWORD)));
      }
      KeyManagerFactory kmf = null;
      if (keyStore != null) {
        String storePassword = config.get(RegistryConfig.KEYSTORE_PASSWORD);
        String keyPassword = config.get(RegistryConfig.KEY_PASSWORD);
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(
            load(keyStore, config.get(RegistryConfig.KEYSTORE_TYPE), storePassword),
            chars(keyPassword != null ? keyPassword : storePassword));
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          kmf == null ? null : kmf.getKeyManagers(),
          tmf == null ? null : tmf.getTrustManagers(),
          null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      // The exception names the store and the failure, never a password.
      throw new IllegalArgumentException(
          "cannot set up TLS for the schema registry: " + e.getMessage(), e);
    }
  }

  private static KeyStore load(String location, String type, String password)
      throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance(type == null ? KeyStore.getDefaultType() : type);
    try (InputStream in = Files.newInputStream(Path.of(location))) {
      store.load(in, chars(password));
    }
    return store;
  }

  private static char[] chars(String password) {
    return password == null ? null : password.toCharArray();
  }
}
