package dev.streamdycoke.job.testing;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TCP sockets this process listens on, read from Linux's /proc: the kernel's socket tables
 * (/proc/self/net/tcp and tcp6, which list every socket of the network namespace) narrowed to the
 * sockets whose inodes appear among this process's open file descriptors. Unlike asking each
 * library for its ports, this also finds sockets nobody knew were opened.
 */
public final class ListeningSockets {
  private static final String LISTEN = "0A";
  private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");

  private ListeningSockets() {}

  /** Listening TCP sockets (IPv4 and IPv6) held open by this process. */
  public static List<InetSocketAddress> ofThisProcess() throws IOException {
    Set<Long> inodes = socketInodes(Path.of("/proc/self/fd"));
    List<InetSocketAddress> sockets = new ArrayList<>();
    for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
      Path path = Path.of(table);
      if (Files.exists(path)) {
        sockets.addAll(listening(Files.readAllLines(path), inodes));
      }
    }
    return sockets;
  }

  /**
   * The listening sockets of a /proc/net/tcp or tcp6 table whose inode is in {@code inodes}.
   * Columns: sl, local_address, rem_address, st, tx_queue:rx_queue, tr:tm->when, retrnsmt, uid,
   * timeout, inode; the first line is a header.
   */
  static List<InetSocketAddress> listening(List<String> table, Set<Long> inodes)
      throws UnknownHostException {
    List<InetSocketAddress> sockets = new ArrayList<>();
    for (String line : table.subList(Math.min(1, table.size()), table.size())) {
      String[] columns = line.trim().split("\\s+");
      if (columns.length < 10
          || !columns[3].equals(LISTEN)
          || !inodes.contains(Long.parseLong(columns[9]))) {
        continue;
      }
      sockets.add(address(columns[1]));
    }
    return sockets;
  }

  /**
   * An address as the kernel prints it: hex address, colon, hex port. The address is in network
   * byte order within each 32-bit word, each word printed as a host-order (little-endian) integer:
   * 127.0.0.1 is {@code 0100007F}.
   */
  static InetSocketAddress address(String hex) throws UnknownHostException {
    String[] parts = hex.split(":");
    String words = parts[0];
    byte[] bytes = new byte[words.length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int i = 0; i < 4; i++) {
        int at = (word * 4 + i) * 2;
        bytes[word * 4 + 3 - i] = (byte) Integer.parseInt(words.substring(at, at + 2), 16);
      }
    }
    return new InetSocketAddress(
        InetAddress.getByAddress(bytes), new BigInteger(parts[1], 16).intValue());
  }

  /** Inodes of the sockets among the links of a /proc/PID/fd folder. */
  static Set<Long> socketInodes(Path fdDir) throws IOException {
    Set<Long> inodes = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
      for (Path fd : fds) {
        try {
          Matcher socket = SOCKET_LINK.matcher(Files.readSymbolicLink(fd).toString());
          if (socket.matches()) {
            inodes.add(Long.parseLong(socket.group(1)));
          }
        } catch (IOException closedMeanwhile) {
          // A descriptor closed while listing: not a listening socket of interest.
        }
      }
    }
    return inodes;
  }
}
