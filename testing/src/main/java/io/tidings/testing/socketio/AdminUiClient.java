package io.tidings.testing.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONArray;
import org.json.JSONException;

/**
 * A Socket.IO Admin UI client as the UI connects (namespace {@code /admin}, {@code auth} with the credentials
 * or a session id), over WebSocket with the Java Socket.IO client 2.1.2, without reconnection; or a plain
 * client of another namespace, for the sockets the admin UI shows. What it hears is kept as lines, in order:
 * {@code connect}, {@code connect_error <message>}, {@code disconnect <reason>}, and {@code <event> <args as JSON>}
 * for every event the admin UI listens to (plus {@code hello} and {@code news}, which test apps emit).
 *
 * <p><b>Threading:</b> the client's event thread adds to {@link #heard}; a test thread reads it with
 * {@link #next}. <b>Ownership:</b> the test closes the client, which closes its socket.
 */
public final class AdminUiClient implements AutoCloseable {

  /** How long {@link #next} waits for a line. */
  public static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] EVENTS = {"hello", "news", "session", "config", "all_sockets", "server_stats", "socket_connected",
      "socket_updated", "socket_disconnected", "room_joined", "room_left", "event_received", "event_sent"};

  public final Socket socket;
  /** The lines heard and not yet taken by {@link #next}. */
  public final BlockingQueue<String> heard = new LinkedBlockingQueue<>();

  /** An admin UI client of the server on {@code port}, connecting. */
  public AdminUiClient(int port, Map<String, String> auth) {
    this(port, "/admin", auth);
  }

  /** A client of namespace {@code nsp} (with a query, if any) of the server on {@code port}, connecting. */
  public AdminUiClient(int port, String nsp, Map<String, String> auth) {
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
    } catch (JSONException e) {
      return "unreadable " + e.getMessage();
    }
  }

  /** The arguments of a line, as Jackson reads them. */
  public static JsonNode args(String line) {
    try {
      return JSON.readTree(line.substring(line.indexOf(' ') + 1));
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }

  /** The next line that starts with {@code prefix}, skipping (and dropping) others; fails after {@link #WAIT}. */
  public String next(String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      String line = heard.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) throw new AssertionError("no line starting with \"" + prefix + "\" within " + WAIT.toSeconds() + " s");
      if (line.startsWith(prefix)) return line;
    }
  }

  /** The next line that starts with {@code prefix} and contains {@code text}, skipping (and dropping) others. */
  public String next(String prefix, String text) throws InterruptedException {
    while (true) {
      String line = next(prefix);
      if (line.contains(text)) return line;
    }
  }

  public void emit(String event, Object... args) {
    socket.emit(event, args);
  }

  @Override
  public void close() {
    socket.close();
  }
}
