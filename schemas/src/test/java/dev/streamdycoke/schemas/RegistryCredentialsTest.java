package dev.streamdycoke.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.schemas.registry.RegistryConfig;
import dev.streamdycoke.schemas.registry.RegistryUnavailableException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Credentials reach the registry and nothing printable: toString, errors. */
class RegistryCredentialsTest {

  /** Random, so that finding it in a message cannot be a coincidence. */
  private static final String PASSWORD = "pw-" + UUID.randomUUID();

  @Test
  void basicAuthReachesTheRegistry() throws Exception {
    try (FakeRegistry registry = new FakeRegistry("svc:" + PASSWORD)) {
      RegistryConfig config =
          RegistryConfig.of(
              registry.url(), Map.of("schema.registry.basic.auth.user.info", "svc:" + PASSWORD));
      byte[] message =
          RegistryCodec.of(Frame.class, config).encode(Fixtures.frame(), "frames-value");

      assertEquals(Fixtures.frame(), RegistryCodec.of(Frame.class, config).decode(message));
    }
  }

  @Test
  void aRefusedPasswordIsUnavailableAndNotEchoed() throws Exception {
    try (FakeRegistry registry = new FakeRegistry("svc:right")) {
      RegistryConfig config =
          RegistryConfig.of(
              registry.url(),
              Map.of(
                  RegistryConfig.BASIC_AUTH_USER_INFO,
                  "svc:" + PASSWORD,
                  RegistryConfig.RETRY_TIMEOUT_MS,
                  "0"));
      RegistryUnavailableException e =
          assertThrows(
              RegistryUnavailableException.class,
              () -> RegistryCodec.of(Frame.class, config).encode(Fixtures.frame(), "f-value"));

      assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
      assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
    }
  }

  @Test
  void toStringMasksEverySecret() {
    RegistryConfig config =
        RegistryConfig.of(
            "https://registry.example:8081/apis/ccompat/v7/",
            Map.of(
                RegistryConfig.BASIC_AUTH_USER_INFO,
                "svc:" + PASSWORD,
                "ssl.truststore.location",
                "/etc/ca.p12",
                "ssl.truststore.password",
                PASSWORD,
                "ssl.keystore.password",
                PASSWORD,
                "ssl.key.password",
                PASSWORD));

    String shown = config.toString() + RegistryCodec.of(Frame.class, config);

    assertFalse(shown.contains(PASSWORD), shown);
    assertTrue(shown.contains("ssl.truststore.location=/etc/ca.p12"), shown);
    assertTrue(shown.contains("basic.auth.user.info=******"), shown);
    assertEquals("https://registry.example:8081/apis/ccompat/v7", config.url());
  }

  @Test
  void refusesCredentialsInTheUrlWithoutEchoingThem() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RegistryConfig.of("http://svc:" + PASSWORD + "@localhost:8081", Map.of()));
    assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
  }

  @Test
  void refusesUnknownSettingsAtStart() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RegistryConfig.of("http://localhost:8081", Map.of("basic.auth.userinfo", "x")));
    assertTrue(e.getMessage().contains("basic.auth.userinfo"), e.getMessage());
  }
}
