package io.tidings.socketio.engine;

import io.tidings.testing.http.RawHttp;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A long-polling client made of raw requests, each on its own connection, as a browser may send them. */
final class Polling {

  private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");
  /**
   * Held polls block a thread each: not the common pool's, which has one thread on a two-core machine and
   * which the JDK's WebSocket client needs to complete its handshake.
   */
  private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "held-poll-reader");
    t.setDaemon(true);
    return t;
  });

  private final int port;
  private final String path;

  Polling(int port, String path) {
    this.port = port;
    this.path = path;
  }

  Polling(int port) {
    this(port, EngineOptions.BARE_ENGINE_PATH);
  }

  /** Opens a session; returns its sid. */
  String handshake() throws IOException {
    RawHttp.Response r = RawHttp.exchange(port, RawHttp.get(path + "?EIO=4&transport=polling"));
    if (r.status() != 200) throw new AssertionError("handshake answered " + r.status() + " " + r.text());
    Matcher m = SID.matcher(r.text());
    if (!m.find()) throw new AssertionError("no sid in " + r.text());
    return m.group(1);
  }

  String query(String sid) {
    return path + "?EIO=4&transport=polling&sid=" + sid;
  }

  RawHttp.Response get(String sid) throws IOException {
    return RawHttp.exchange(port, RawHttp.get(query(sid)));
  }

  /** A poll sent now and read on another thread: for polls the server holds. */
  CompletableFuture<RawHttp.Response> getLater(String sid) throws IOException {
    RawHttp http = new RawHttp(port);
    http.send(RawHttp.get(query(sid)));
    return CompletableFuture.supplyAsync(() -> {
      try (http) {
        return http.response();
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    }, READERS);
  }

  RawHttp.Response post(String sid, String body) throws IOException {
    return RawHttp.exchange(port, RawHttp.post(query(sid), body, "Content-Type: text/plain;charset=UTF-8\r\n"));
  }
}
