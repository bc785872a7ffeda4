package io.tidings.examples.interop;

import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * A real Java Socket.IO client ({@code io.socket:socket.io-client} 2.1.2) on one node of a test cluster, in a
 * room given by its handshake's query ({@code ?room=…}, which the interop app joins). What it heard is kept
 * as lines ({@code "said [\"hi\"]"}, {@code "disconnect io server disconnect"}) that a test awaits; every event
 * that asks for an acknowledgement is answered with {@code "ack-from-<name>"}. With connection state recovery on,
 * a broadcast's last argument is its offset (Node's clients see it too): it is taken off the line and kept in
 * {@link #offsets}.
 *
 * <p>Thread-safe for one test thread.
 */
final class ClusterClient implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(20);
  private static final List<String> EVENTS = List.of("said", "shouted", "ackme");
  /** A cluster offset ({@code <uid>-<seq>}) or a node's own ({@code ~<prefix>-<n>}). */
  static final java.util.regex.Pattern OFFSET = java.util.regex.Pattern.compile("([0-9a-f]{16}|~[0-9a-z]{8})-[0-9a-z]+");

  final String name;
  final Socket socket;
  final List<String> heard = new CopyOnWriteArrayList<>();
  final List<String> offsets = new CopyOnWriteArrayList<>();

  private ClusterClient(String name, Socket socket) {
    this.name = name;
    this.socket = socket;
    socket.on(Socket.EVENT_CONNECT, a -> heard.add("connect"));
    socket.on(Socket.EVENT_DISCONNECT, a -> heard.add("disconnect " + a[0]));
    socket.on(Socket.EVENT_CONNECT_ERROR, a -> heard.add("connect_error " + describe(a[0])));
    for (String event : EVENTS) {
      socket.on(event, a -> {
        if (a.length > 0 && a[a.length - 1] instanceof io.socket.client.Ack ack) {
          ack.call("ack-from-" + name);
          a = Arrays.copyOf(a, a.length - 1);
        }
        if (a.length > 0 && a[a.length - 1] instanceof String last && OFFSET.matcher(last).matches()) {
          offsets.add(last);
          a = Arrays.copyOf(a, a.length - 1);
        }
        heard.add(event + " " + describe(a));
      });
    }
  }

  /** Connects to {@code nsp} of the node on {@code port}, in {@code room} (none when empty), and waits for it. */
  static ClusterClient connect(String name, int port, String nsp, String room, String transport) {
    IO.Options options = new IO.Options();
    options.transports = new String[] {transport};
    options.reconnection = false;
    options.forceNew = true;
    if (!room.isEmpty()) options.query = "room=" + room;
    ClusterClient c = new ClusterClient(name, IO.socket(URI.create("http://127.0.0.1:" + port + nsp), options));
    c.socket.connect();
    Awaitility.await().atMost(WAIT).until(() -> c.heard.contains("connect"));
    return c;
  }

  /** Waits until a line starting with {@code prefix} was heard and returns the first such line. */
  String await(String prefix) {
    Awaitility.await().atMost(WAIT).until(() -> heard.stream().anyMatch(l -> l.startsWith(prefix)));
    return heard.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
  }

  /** The lines heard that start with {@code prefix}, in order. */
  List<String> heard(String prefix) {
    return heard.stream().filter(l -> l.startsWith(prefix)).toList();
  }

  /** Emits without acknowledgement. */
  void emit(String event, Object... args) {
    socket.emit(event, args);
  }

  /** Emits and waits for the acknowledgement; returns its arguments described. */
  String emitWithAck(String event, Object... args) {
    List<String> acked = new CopyOnWriteArrayList<>();
    Object[] all = Arrays.copyOf(args, args.length + 1);
    all[args.length] = (io.socket.client.Ack) a -> acked.add(describe(a));
    socket.emit(event, all);
    Awaitility.await().atMost(WAIT).until(() -> !acked.isEmpty());
    return acked.get(0);
  }

  /** Arguments as JSON-ish text: binary as {@code <hex>}, object keys sorted. */
  static String describe(Object... args) {
    List<String> parts = new ArrayList<>();
    for (Object a : args) parts.add(value(a));
    return parts.stream().collect(Collectors.joining(",", "[", "]"));
  }

  private static String value(Object a) {
    if (a == null || a == JSONObject.NULL) return "null";
    if (a instanceof byte[] b) return "<" + HexFormat.of().formatHex(b) + ">";
    if (a instanceof String s) return JSONObject.quote(s);
    if (a instanceof JSONArray arr) {
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < arr.length(); i++) parts.add(value(arr.opt(i)));
      return parts.stream().collect(Collectors.joining(",", "[", "]"));
    }
    if (a instanceof JSONObject obj) {
      List<String> parts = new ArrayList<>();
      List<String> keys = new ArrayList<>();
      for (java.util.Iterator<?> it = obj.keys(); it.hasNext(); ) keys.add((String) it.next());
      keys.stream().sorted().forEach(k -> parts.add(JSONObject.quote(k) + ":" + value(obj.opt(k))));
      return parts.stream().collect(Collectors.joining(",", "{", "}"));
    }
    return a.toString();
  }

  @Override
  public void close() {
    socket.disconnect();
    socket.close();
  }
}
