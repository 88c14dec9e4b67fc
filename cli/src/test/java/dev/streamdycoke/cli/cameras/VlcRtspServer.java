package dev.streamdycoke.cli.cameras;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real RTSP server for tests: Debian's VLC serving a raw H.264 clip on loopback without
 * transcoding. VLC reads the clip from its standard input, fed over and over by a thread, so the
 * stream never hits the end of a file. VLC refuses to run as root, so as root it runs as nobody
 * (setpriv execs, so the process id is VLC's own and SIGSTOP freezes the server itself).
 */
public final class VlcRtspServer implements AutoCloseable {

  private static final Path CVLC = Path.of("/usr/bin/cvlc");
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

  private final byte[] clip;
  private final int fps;
  private final int port;
  private final Path home;
  private Process process;

  /** A server for {@code clip} at {@code fps} on 127.0.0.1:{@code port}; call {@link #start()}. */
  public VlcRtspServer(byte[] clip, int fps, int port, Path home) {
    this.clip = clip;
    this.fps = fps;
    this.port = port;
    this.home = home;
  }

  /** Whether VLC is installed (.ci/run installs it). */
  public static boolean available() {
    return Files.isExecutable(CVLC);
  }

  /** A TCP port free right now on loopback. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  public String url() {
    return "rtsp://127.0.0.1:" + port + "/tree";
  }

  /** Starts VLC and waits until its RTSP port accepts connections. */
  public synchronized void start() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      command.addAll(
          List.of(SETPRIV.toString(), "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
    }
    command.addAll(
        List.of(
            CVLC.toString(),
            "--no-audio",
            "--demux",
            "h264",
            "--h264-fps",
            Integer.toString(fps),
            "-",
            "--sout",
            "#rtp{sdp=" + url() + "}",
            "--sout-keep"));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(home.resolve("vlc-" + port + ".log").toFile());
    builder.environment().put("HOME", home.toString());
    Process started = builder.start();
    process = started;
    Thread feeder = new Thread(() -> feed(started), "vlc-feeder-" + port);
    feeder.setDaemon(true);
    feeder.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException e) {
        if (!started.isAlive() || System.nanoTime() > deadline) {
          throw new IOException(
              "VLC did not listen on "
                  + port
                  + ": "
                  + Files.readString(home.resolve("vlc-" + port + ".log")),
              e);
        }
        Thread.sleep(100);
      }
    }
  }

  /** Writes the clip into VLC's standard input until VLC goes away. */
  private void feed(Process vlc) {
    try (OutputStream in = vlc.getOutputStream()) {
      while (vlc.isAlive()) {
        in.write(clip);
        in.flush();
      }
    } catch (IOException e) {
      // VLC was killed.
    }
  }

  /** VLC's process id. */
  public synchronized long pid() {
    return process.pid();
  }

  /** SIGSTOP: the server hangs with its sockets open, as a frozen camera does. */
  public void freeze() throws IOException, InterruptedException {
    signal("-STOP");
  }

  /** SIGCONT. */
  public void thaw() throws IOException, InterruptedException {
    signal("-CONT");
  }

  private void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", signal, Long.toString(pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill " + signal + " " + pid() + " failed");
    }
  }

  /** SIGKILL, and waits until VLC is gone. */
  public synchronized void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
