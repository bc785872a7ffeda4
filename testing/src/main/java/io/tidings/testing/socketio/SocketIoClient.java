package io.tidings.testing.socketio;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * The Java Socket.IO client ({@code io.socket:socket.io-client} 2.1.2) as a real peer in tests: what it heard
 * is kept as lines ({@code "connect"}, {@code "news [\"hi\",1]"}, {@code "disconnect io server disconnect"},
 * {@code "connect_error [{\"message\":…}]"}), which a test awaits in order. Arguments are {@linkplain #describe
 * described} as JSON-ish text, binary as {@code <hex>} and object keys sorted, so that a line is the same
 * whatever the order on the wire. {@link #to} builds one: namespace, transport, auth, query, reconnection, or
 * multiplexed over another client's connection.
 *
 * <p><b>Threading:</b> the client's event thread appends to {@link #heard}; {@link #await} and
 * {@link #emitWithAck} are for test threads. <b>Ownership:</b> the test closes the client, which turns
 * reconnection off and closes its socket.
 */
public final class SocketIoClient implements AutoCloseable {

  /** How long {@link #await} and {@link #emitWithAck} wait. */
  public static final Duration WAIT = Duration.ofSeconds(20);

  public final Socket socket;
  /** Every line heard, in order. */
  public final List<String> heard = new CopyOnWriteArrayList<>();
  /** How many lines {@link #await} has passed; guarded by {@code this}. */
  private int read;

  private SocketIoClient(Socket socket) {
    this.socket = socket;
    socket.on(Socket.EVENT_CONNECT, a -> heard.add("connect"));
    socket.on(Socket.EVENT_DISCONNECT, a -> heard.add("disconnect " + a[0]));
    socket.on(Socket.EVENT_CONNECT_ERROR, a -> heard.add("connect_error " + describe(a[0])));
  }

  /** A client of {@code http://127.0.0.1:port}, namespace {@code /} over WebSocket without reconnection unless told. */
  public static Builder to(int port) {
    return new Builder(port);
  }

  /** The options of a client; not thread-safe. */
  public static final class Builder {
    private final int port;
    private String nsp = "/";
    private String transport = "websocket";
    private Map<String, String> auth;
    private String query;
    private boolean reconnection;
    private Manager manager;

    private Builder(int port) {
      this.port = port;
    }

    public Builder nsp(String nsp) {
      this.nsp = nsp;
      return this;
    }

    /** Reconnects (after 100 to 300 ms) when the connection drops. */
    public Builder reconnection() {
      this.reconnection = true;
      return this;
    }

    /** {@code "websocket"} (the default) or {@code "polling"}. */
    public Builder transport(String transport) {
      this.transport = transport;
      return this;
    }

    /** Multiplexes over {@code other}'s connection. */
    public Builder sharing(SocketIoClient other) {
      this.manager = other.socket.io();
      return this;
    }

    /** The handshake's {@code auth}; none when null. */
    public Builder auth(Map<String, String> auth) {
      this.auth = auth;
      return this;
    }

    /** Adds {@code name=value} to the handshake's query. */
    public Builder query(String name, String value) {
      String pair = name + "=" + value;
      this.query = query == null ? pair : query + "&" + pair;
      return this;
    }

    /** The client, listening to {@code events}, not yet connected. */
    public SocketIoClient build(String... events) {
      IO.Options options = new IO.Options();
      options.transports = new String[] {transport};
      options.reconnection = reconnection;
      options.reconnectionDelay = 100;
      options.reconnectionDelayMax = 300;
      options.forceNew = manager == null;
      if (auth != null) options.auth = auth;
      if (query != null) options.query = query;
      Socket s = manager != null ? manager.socket(nsp, options)
          : IO.socket(URI.create("http://127.0.0.1:" + port + nsp), options);
      SocketIoClient c = new SocketIoClient(s);
      for (String e : events) c.listen(e);
      return c;
    }

    /** The client, listening to {@code events}, connecting. */
    public SocketIoClient connect(String... events) {
      SocketIoClient c = build(events);
      c.socket.connect();
      return c;
    }
  }

  /** Records each {@code event} as {@code "event <args described>"}. */
  public SocketIoClient listen(String event) {
    socket.on(event, a -> heard.add(event + " " + describe(a)));
    return this;
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
    all[args.length] = (Ack) a -> acked.add(describe(a));
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
      TreeSet<String> keys = new TreeSet<>();
      o.keys().forEachRemaining(k -> keys.add((String) k));
      return keys.stream().map(k -> JSONObject.quote(k) + ":" + value(o.opt(k))).collect(Collectors.joining(",", "{", "}"));
    }
    return a.toString();
  }

  @Override
  public void close() {
    socket.io().reconnection(false);
    socket.disconnect();
    socket.close();
  }
}
