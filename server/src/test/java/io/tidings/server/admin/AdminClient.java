package io.tidings.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONArray;

/**
 * An admin UI client as the UI connects (namespace {@code /admin}, {@code auth} with the credentials or a
 * session id) with the Java Socket.IO client 2.1.2; what it hears is kept as lines ({@code event json-args}).
 */
final class AdminClient implements AutoCloseable {

  static final String[] EVENTS = {"session", "config", "all_sockets", "server_stats", "socket_connected", "socket_updated",
      "socket_disconnected", "room_joined", "room_left", "event_received", "event_sent"};

  final Socket socket;
  final BlockingQueue<String> heard = new LinkedBlockingQueue<>();

  AdminClient(int port, Map<String, String> auth) {
    this(port, "/admin", auth);
  }

  /** A client of namespace {@code nsp}. */
  AdminClient(int port, String nsp, Map<String, String> auth) {
    IO.Options o = IO.Options.builder().setTransports(new String[] {"websocket"}).setReconnection(false)
        .setForceNew(true).setAuth(auth).build();
    socket = IO.socket(URI.create("http://127.0.0.1:" + port + nsp), o);
    socket.on(Socket.EVENT_CONNECT, a -> heard.add("connect"));
    socket.on(Socket.EVENT_CONNECT_ERROR, a -> heard.add("connect_error " + (a[0] instanceof Exception e ? e.getMessage() : a[0])));
    socket.on(Socket.EVENT_DISCONNECT, a -> heard.add("disconnect " + a[0]));
    for (String e : EVENTS) socket.on(e, a -> heard.add(e + " " + json(a)));
    socket.connect();
  }

  private static String json(Object[] args) {
    try {
      return new JSONArray(args).toString();
    } catch (org.json.JSONException e) {
      return "unreadable " + e.getMessage();
    }
  }

  /** The arguments of a line, as Jackson reads them. */
  static com.fasterxml.jackson.databind.JsonNode args(String line) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(line.substring(line.indexOf(' ') + 1));
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }

  /** The next line that starts with {@code prefix}, skipping others (20 s at most). */
  String next(String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      String line = heard.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      assertThat(line).as("a line starting with \"" + prefix + "\" within 20 s").isNotNull();
      if (line.startsWith(prefix)) return line;
    }
  }

  void emit(String event, Object... args) {
    socket.emit(event, args);
  }

  @Override
  public void close() {
    socket.close();
  }
}
