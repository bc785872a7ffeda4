package io.tidings.examples;

import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * The Java Socket.IO client ({@code io.socket:socket.io-client} 2.1.2) as a real peer in the examples' tests:
 * what it heard is kept as lines ({@code "connect"}, {@code "new message [{\"username\":\"ann\",…}]"}), which
 * a test awaits in order. Not thread-safe but for the listeners, which the client calls on its own thread.
 */
public final class SocketClient implements AutoCloseable {

  public static final Duration WAIT = Duration.ofSeconds(20);

  public final Socket socket;
  public final List<String> heard = new CopyOnWriteArrayList<>();
  private int read;

  private SocketClient(Socket socket) {
    this.socket = socket;
    socket.on(Socket.EVENT_CONNECT, a -> heard.add("connect"));
    socket.on(Socket.EVENT_DISCONNECT, a -> heard.add("disconnect " + a[0]));
    socket.on(Socket.EVENT_CONNECT_ERROR, a -> heard.add("connect_error " + describe(a[0])));
  }

  /**
   * A client of {@code http://127.0.0.1:port} + {@code nsp} over {@code transport} ({@code "websocket"} or
   * {@code "polling"}), without reconnection, recording {@code events}; connecting.
   */
  public static SocketClient connect(int port, String nsp, String transport, Map<String, String> auth, String... events) {
    IO.Options options = new IO.Options();
    options.transports = new String[] {transport};
    options.reconnection = false;
    options.forceNew = true;
    if (auth != null) options.auth = auth;
    SocketClient c = new SocketClient(IO.socket(URI.create("http://127.0.0.1:" + port + nsp), options));
    for (String e : events) c.socket.on(e, a -> c.heard.add(e + " " + describe(a)));
    c.socket.connect();
    return c;
  }

  /** The next line starting with {@code prefix} after the last one returned; waits for it. */
  public synchronized String await(String prefix) {
    String[] found = new String[1];
    Awaitility.await().atMost(WAIT).until(() -> {
      for (int i = read; i < heard.size(); i++) {
        if (heard.get(i).startsWith(prefix)) {
          found[0] = heard.get(i);
          read = i + 1;
          return true;
        }
      }
      return false;
    });
    return found[0];
  }

  /** Emits and waits for the acknowledgement; returns its arguments described. */
  public String emitWithAck(String event, Object... args) {
    List<String> acked = new CopyOnWriteArrayList<>();
    Object[] all = Arrays.copyOf(args, args.length + 1);
    all[args.length] = (io.socket.client.Ack) a -> acked.add(describe(a));
    socket.emit(event, all);
    Awaitility.await().atMost(WAIT).until(() -> !acked.isEmpty());
    return acked.get(0);
  }

  /** Arguments as JSON-ish text: binary as {@code <hex>}, object keys sorted. */
  public static String describe(Object... args) {
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
    if (a instanceof JSONObject o) {
      // org.json keeps no key order: sorted, so that a line is the same whatever the order on the wire
      java.util.TreeSet<String> keys = new java.util.TreeSet<>();
      o.keys().forEachRemaining(k -> keys.add((String) k));
      return keys.stream().map(k -> JSONObject.quote(k) + ":" + value(o.opt(k)))
          .collect(Collectors.joining(",", "{", "}"));
    }
    return a.toString();
  }

  @Override
  public void close() {
    socket.disconnect();
    socket.close();
  }
}
