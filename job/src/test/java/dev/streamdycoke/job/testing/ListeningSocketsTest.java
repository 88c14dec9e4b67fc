package dev.streamdycoke.job.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListeningSocketsTest {
  private static final String HEADER =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";

  @Test
  void readsListeningSocketsOfTheGivenInodesFromAnIpv4Table() throws Exception {
    List<String> table =
        List.of(
            HEADER,
            "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 101 1 0 100 0 0 10 0",
            "   1: 00000000:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 102 1 0 100 0 0 10 0",
            // Established, not listening.
            "   2: 0100007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 103 1 0 20 4 30 10 -1",
            // Another process's socket.
            "   3: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 999 1 0 100 0 0 10 0");

    List<InetSocketAddress> sockets = ListeningSockets.listening(table, Set.of(101L, 102L, 103L));

    assertEquals(
        List.of(new InetSocketAddress("127.0.0.1", 8080), new InetSocketAddress("0.0.0.0", 8081)),
        sockets);
    assertTrue(sockets.get(0).getAddress().isLoopbackAddress());
    assertFalse(sockets.get(1).getAddress().isLoopbackAddress());
  }

  @Test
  void decodesIpv6AddressesWordByWord() throws Exception {
    assertEquals(
        new InetSocketAddress(InetAddress.getByName("::1"), 9092),
        ListeningSockets.address("00000000000000000000000001000000:2384"));
    // ::ffff:127.0.0.1, an IPv6 socket bound to IPv4 loopback (how Java binds 127.0.0.1 on a dual
    // stack).
    InetSocketAddress mapped = ListeningSockets.address("0000000000000000FFFF00000100007F:2384");
    assertEquals(InetAddress.getByName("127.0.0.1"), mapped.getAddress());
    assertTrue(mapped.getAddress().isLoopbackAddress());
    assertFalse(
        ListeningSockets.address("00000000000000000000000000000000:1F90")
            .getAddress()
            .isLoopbackAddress());
  }

  @Test
  void findsASocketThisProcessListensOnAndForgetsItWhenClosed() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "Linux /proc");
    InetSocketAddress bound;
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      bound = new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
      assertTrue(
          ListeningSockets.ofThisProcess().contains(bound),
          bound + " in " + ListeningSockets.ofThisProcess());
    }
    assertFalse(ListeningSockets.ofThisProcess().contains(bound));
  }
}
