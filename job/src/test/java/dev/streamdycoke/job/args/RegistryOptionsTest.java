package dev.streamdycoke.job.args;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.streamdycoke.schemas.registry.RegistryConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RegistryOptionsTest {

  private static final String PASSWORD = "pw-" + UUID.randomUUID();

  @TempDir Path dir;

  private static RunCommand parse(String... registryArgs) {
    RunCommand run = new RunCommand();
    String[] args = new String[registryArgs.length + 2];
    args[0] = "--model";
    args[1] = "/models/tiny";
    System.arraycopy(registryArgs, 0, args, 2, registryArgs.length);
    new CommandLine(run).parseArgs(args);
    return run;
  }

  @Test
  void offByDefault() {
    RunCommand run = parse();
    assertNull(run.registry().config());
    assertNull(run.registry().outputConfig());
  }

  @Test
  void settingsComeFromTheFileThenTheFlagsAndNeverShowTheirSecrets() throws Exception {
    Path file = dir.resolve("registry.properties");
    Files.writeString(
        file,
        "basic.auth.user.info=svc:"
            + PASSWORD
            + "\nssl.truststore.location=/etc/old.p12\nssl.truststore.password="
            + PASSWORD
            + "\n");
    RunCommand run =
        parse(
            "--schema-registry",
            "https://registry:8443/apis/ccompat/v7",
            "--registry-config",
            file.toString(),
            "--registry-property",
            "ssl.truststore.location=/etc/ca.p12",
            "--registry-output");

    RegistryConfig config = run.registry().config();
    assertEquals("svc:" + PASSWORD, config.get(RegistryConfig.BASIC_AUTH_USER_INFO));
    assertEquals("/etc/ca.p12", config.get("ssl.truststore.location"));
    assertEquals(config.url(), run.registry().outputConfig().url());
    String shown = run.registry().toString();
    assertFalse(shown.contains(PASSWORD), shown);
    assertTrue(shown.contains("output too"), shown);
  }

  @Test
  void registrySettingsWithoutARegistryAreAMistake() {
    assertThrows(
        IllegalArgumentException.class, () -> parse("--registry-output").registry().config());
  }

  @Test
  void aMisspeltSettingFailsAtStart() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                parse(
                        "--schema-registry",
                        "http://registry:8080/apis/ccompat/v7",
                        "--registry-property",
                        "basic.auth.user-info=x")
                    .registry()
                    .config());
    assertTrue(e.getMessage().contains("basic.auth.user-info"), e.getMessage());
  }
}
