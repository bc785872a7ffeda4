package io.tidings.socketio;

import org.awaitility.Awaitility;

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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * The Java Socket.IO client ({@code io.socket:socket.io-client} 2.1.2) as a real peer in tests: what it
 * heard is kept as lines ({@code "connect"}, {@code "news [\"hi\",1]"}, {@code "disconnect io server disconnect"}),
 * which a test awaits in order.
 */
final class JavaClient implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(20);

  final Socket socket;
  final List<String> heard = new CopyOnWriteArrayList<>();
  private int read;

  private JavaClient(Socket socket) {
    this.socket = socket;
    socket.on(Socket.EVENT_CONNECT, a -> heard.add("connect"));
    socket.on(Socket.EVENT_DISCONNECT, a -> heard.add("disconnect " + a[0]));
    socket.on(Socket.EVENT_CONNECT_ERROR, a -> heard.add("connect_error " + describe(a[0])));
  }

  static Builder to(int port) {
    return new Builder(port);
  }

  static final class Builder {
    private final int port;
    private String nsp = "/";
    private String transport = "websocket";
    private Map<String, String> auth;
    private boolean reconnection;
    private Manager manager;

    Builder(int port) {
      this.port = port;
    }

    Builder nsp(String nsp) {
      this.nsp = nsp;
      return this;
    }

    Builder transport(String transport) {
      this.transport = transport;
      return this;
    }

    Builder auth(Map<String, String> auth) {
      this.auth = auth;
      return this;
    }

    Builder reconnection() {
      this.reconnection = true;
      return this;
    }

    /** Multiplexes over {@code other}'s connection. */
    Builder sharing(JavaClient other) {
      this.manager = other.socket.io();
      return this;
    }

    /** The client, listening to {@code events}, not yet connected. */
    JavaClient build(String... events) {
      IO.Options options = new IO.Options();
      options.transports = new String[] {transport};
      options.reconnection = reconnection;
      options.reconnectionDelay = 100;
      options.reconnectionDelayMax = 300;
      options.forceNew = manager == null;
      if (auth != null) options.auth = auth;
      Socket s = manager != null ? manager.socket(nsp, options)
          : IO.socket(URI.create("http://127.0.0.1:" + port + nsp), options);
      JavaClient c = new JavaClient(s);
      for (String e : events) c.listen(e);
      return c;
    }

    /** The client, listening to {@code events}, connecting. */
    JavaClient connect(String... events) {
      JavaClient c = build(events);
      c.socket.connect();
      return c;
    }
  }

  /** Records each {@code event} as {@code "event <args as JSON>"}. */
  JavaClient listen(String event) {
    socket.on(event, a -> heard.add(event + " " + describe(a)));
    return this;
  }

  /** The next line starting with {@code prefix} after the last one returned; waits for it. */
  synchronized String await(String prefix) {
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
  String emitWithAck(String event, Object... args) {
    List<String> acked = new CopyOnWriteArrayList<>();
    Object[] all = Arrays.copyOf(args, args.length + 1);
    all[args.length] = (io.socket.client.Ack) a -> acked.add(describe(a));
    socket.emit(event, all);
    Awaitility.await().atMost(WAIT).until(() -> !acked.isEmpty());
    return acked.get(0);
  }

  /** Arguments as JSON-ish text: binary as {@code <hex>}. */
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
      for (java.util.Iterator<String> keys = obj.keys(); keys.hasNext(); ) {
        String k = keys.next();
        parts.add(JSONObject.quote(k) + ":" + value(obj.opt(k)));
      }
      return parts.stream().collect(Collectors.joining(",", "{", "}"));
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
