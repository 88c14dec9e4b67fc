package dev.streamdycoke.cli.kafka;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.server.ServerSocketFactory;

/**
 * Listener sockets bound before the broker starts, handed to Kafka by listener name.
 *
 * <p>Binding first removes the race of "find a free port, close it, let Kafka bind it": the
 * controller quorum needs its port in the config up front (port 0 is not allowed there), and a bind
 * failure inside Kafka's controller startup is a fatal fault. Binding here also makes a taken fixed
 * port fail fast with a plain {@link BindException}, before anything of Kafka runs.
 */
final class PreboundSockets implements ServerSocketFactory, AutoCloseable {

  private final String host;
  private final Map<String, ServerSocketChannel> unclaimed = new HashMap<>();

  PreboundSockets(String host) {
    this.host = host;
  }

  /**
   * Binds a socket for {@code listener}: on {@code port}, or on a free one when {@code port} is 0.
   *
   * @return the bound port
   * @throws BindException when {@code port} is taken
   */
  synchronized int bind(String listener, int port) throws IOException {
    ServerSocketChannel channel = ServerSocketChannel.open();
    try {
      // Lets a broker restart on the port of one just closed, whose connections sit in TIME_WAIT.
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.bind(new InetSocketAddress(host, port), 0);
    } catch (IOException e) {
      channel.close();
      if (e instanceof BindException) {
        BindException named =
            new BindException(host + ":" + port + " is not free: " + e.getMessage());
        named.initCause(e);
        throw named;
      }
      throw e;
    }
    ServerSocketChannel previous = unclaimed.put(listener, channel);
    if (previous != null) {
      previous.close();
    }
    return channel.socket().getLocalPort();
  }

  /**
   * Binds {@code preferred} when it is free, else a free port.
   *
   * @return the bound port
   */
  synchronized int bindPreferring(String listener, int preferred) throws IOException {
    try {
      return bind(listener, preferred);
    } catch (BindException taken) {
      return bind(listener, 0);
    }
  }

  @Override
  public synchronized ServerSocketChannel openServerSocket(
      String listenerName, InetSocketAddress address, int backlog, int recvBufferSize)
      throws IOException {
    ServerSocketChannel channel = unclaimed.remove(listenerName);
    if (channel == null) {
      // A listener we did not pre-bind (added by a user's override): let Kafka bind it as usual.
      return ServerSocketFactory.INSTANCE.openServerSocket(
          listenerName, address, backlog, recvBufferSize);
    }
    channel.configureBlocking(false);
    return channel;
  }

  /** Closes the sockets Kafka never claimed (a failed start); claimed ones are Kafka's to close. */
  @Override
  public synchronized void close() {
    unclaimed.forEach((listener, channel) -> Utils.closeQuietly(channel, listener + " socket"));
    unclaimed.clear();
  }
}
