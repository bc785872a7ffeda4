package io.tidings.examples.interop;

import io.socket.client.Ack;
import io.socket.client.Socket;
import io.tidings.testing.socketio.SocketIoClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * A real Java Socket.IO client ({@link SocketIoClient}) on one node of a test cluster, in a room given by its
 * handshake's query ({@code ?room=…}, which the interop app joins). What it heard is kept as lines
 * ({@code "said [\"hi\"]"}, {@code "disconnect io server disconnect"}) that a test awaits; every event that
 * asks for an acknowledgement is answered with {@code "ack-from-<name>"}. With connection state recovery on,
 * a broadcast's last argument is its offset (Node's clients see it too): it is taken off the line and kept in
 * {@link #offsets}.
 *
 * <p>Thread-safe for one test thread.
 */
final class ClusterClient implements AutoCloseable {

  static final Duration WAIT = SocketIoClient.WAIT;
  private static final List<String> EVENTS = List.of("said", "shouted", "ackme");
  /** A cluster offset ({@code <uid>-<seq>}) or a node's own ({@code ~<prefix>-<n>}). */
  static final Pattern OFFSET = Pattern.compile("([0-9a-f]{16}|~[0-9a-z]{8})-[0-9a-z]+");

  final Socket socket;
  final List<String> offsets = new CopyOnWriteArrayList<>();
  private final SocketIoClient client;

  private ClusterClient(String name, SocketIoClient client) {
    this.client = client;
    this.socket = client.socket;
    for (String event : EVENTS) {
      socket.on(event, a -> {
        if (a.length > 0 && a[a.length - 1] instanceof Ack ack) {
          ack.call("ack-from-" + name);
          a = Arrays.copyOf(a, a.length - 1);
        }
        if (a.length > 0 && a[a.length - 1] instanceof String last && OFFSET.matcher(last).matches()) {
          offsets.add(last);
          a = Arrays.copyOf(a, a.length - 1);
        }
        client.heard.add(event + " " + SocketIoClient.describe(a));
      });
    }
  }

  /** Connects to {@code nsp} of the node on {@code port}, in {@code room} (none when empty), and waits for it. */
  static ClusterClient connect(String name, int port, String nsp, String room, String transport) {
    SocketIoClient.Builder options = SocketIoClient.to(port).nsp(nsp).transport(transport);
    if (!room.isEmpty()) options.query("room", room);
    ClusterClient c = new ClusterClient(name, options.build());
    c.socket.connect();
    Awaitility.await().atMost(WAIT).until(() -> c.client.heard.contains("connect"));
    return c;
  }

  /** Waits until a line starting with {@code prefix} was heard and returns the first such line. */
  String await(String prefix) {
    Awaitility.await().atMost(WAIT).until(() -> client.heard.stream().anyMatch(l -> l.startsWith(prefix)));
    return heard(prefix).getFirst();
  }

  /** The lines heard that start with {@code prefix}, in order. */
  List<String> heard(String prefix) {
    return client.heard.stream().filter(l -> l.startsWith(prefix)).toList();
  }

  /** Emits without acknowledgement. */
  void emit(String event, Object... args) {
    socket.emit(event, args);
  }

  /** Emits and waits for the acknowledgement; returns its arguments described. */
  String emitWithAck(String event, Object... args) {
    return client.emitWithAck(event, args);
  }

  @Override
  public void close() {
    client.close();
  }
}
