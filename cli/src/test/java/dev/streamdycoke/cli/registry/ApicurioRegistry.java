package dev.streamdycoke.cli.registry;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Apicurio registry (in-memory storage) as a child JVM on a free loopback port, from the
 * runner jar the build unpacks (system property {@code apicurio.registry.jar}, set by failsafe).
 * {@link #close()} kills it by pid.
 */
public final class ApicurioRegistry implements AutoCloseable {

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

  private final Process process;
  private final int port;
  private final long startupMillis;

  private ApicurioRegistry(Process process, int port, long startupMillis) {
    this.process = process;
    this.port = port;
    this.startupMillis = startupMillis;
  }

  /** Starts the registry and returns once its readiness check answers UP. */
  public static ApicurioRegistry start(Path log) throws IOException, InterruptedException {
    String jar = System.getProperty("apicurio.registry.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(
          "no Apicurio runner jar at "
              + jar
              + "; run through failsafe (mvn verify), whose pre-integration-test phase unpacks it");
    }
    int port = freeLoopbackPort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    long start = System.nanoTime();
    Process process =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx512m",
                    "-Dquarkus.http.port=" + port,
                    "-Dquarkus.http.host=127.0.0.1",
                    "-jar",
                    jar))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    ApicurioRegistry registry = null;
    try {
      awaitReady(process, port, log);
      registry =
          new ApicurioRegistry(
              process, port, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      return registry;
    } finally {
      if (registry == null) {
        process.destroyForcibly();
      }
    }
  }

  /** e.g. http://127.0.0.1:PORT */
  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** The Confluent-compatible API root, what {@code --schema-registry} takes. */
  public String ccompatUrl() {
    return baseUrl() + "/apis/ccompat/v7";
  }

  /** Apicurio's own v2 API, what its serdes take as apicurio.registry.url. */
  public String v2Url() {
    return baseUrl() + "/apis/registry/v2";
  }

  public long pid() {
    return process.pid();
  }

  /** From process start to the readiness check answering UP. */
  public long startupMillis() {
    return startupMillis;
  }

  private static void awaitReady(Process process, int port, Path log)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Apicurio exited with " + process.exitValue() + "; see " + log);
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("Apicurio not ready after " + STARTUP_TIMEOUT + "; see " + log);
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    ProcessHandle handle = ProcessHandle.of(process.pid()).orElse(null);
    if (handle == null) {
      return;
    }
    handle.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      handle.destroyForcibly();
      process.waitFor(20, TimeUnit.SECONDS);
    }
  }
}
