package io.tidings.socketio.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.socket.engineio.client.Socket;
import io.socket.engineio.client.transports.Polling;
import io.socket.engineio.client.transports.WebSocket;
import java.time.Duration;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Java Engine.IO client ({@code io.socket:engine.io-client} 2.1.0, protocol 4, on okhttp) as a real
 * peer: it opens over polling, upgrades to WebSocket, exchanges text and binary, keeps the heartbeat and
 * closes.
 */
class JavaClientTest {

  private EngineTestServer server;
  private Socket client;
  private final List<String> heard = new CopyOnWriteArrayList<>();
  private final Set<Integer> claimed = new HashSet<>();

  @BeforeEach
  void start() {
    server = EngineTestServer.start(EngineOptions.newBuilder().path("/engine.io/")
        .pingInterval(Duration.ofMillis(300)).pingTimeout(Duration.ofMillis(2000)).build());
  }

  @AfterEach
  void stop() {
    if (client != null) client.close();
    server.close();
  }

  private Socket connect(String... transports) throws Exception {
    Socket.Options options = new Socket.Options();
    options.path = "/engine.io";
    options.transports = transports;
    Socket s = new Socket("http://127.0.0.1:" + server.port(), options);
    s.on(Socket.EVENT_OPEN, args -> heard.add("open"));
    s.on(Socket.EVENT_UPGRADE, args -> heard.add("upgrade"));
    s.on(Socket.EVENT_MESSAGE, args -> heard.add(args[0] instanceof byte[] b
        ? "binary:" + HexFormat.of().formatHex(b) : "text:" + args[0]));
    s.on(Socket.EVENT_CLOSE, args -> heard.add("close:" + args[0]));
    s.on(Socket.EVENT_ERROR, args -> heard.add("error:" + args[0]));
    client = s;
    s.open();
    return s;
  }

  /** The first thing the client heard starting with {@code prefix} that no earlier call returned. */
  private String next(String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      List<String> all = List.copyOf(heard);
      for (int i = 0; i < all.size(); i++) {
        if (!claimed.contains(i) && all.get(i).startsWith(prefix)) {
          claimed.add(i);
          return all.get(i);
        }
      }
      Thread.sleep(5);
    }
    throw new AssertionError("the client heard no '" + prefix + "' within 10 s: " + heard);
  }

  @Test
  void theClientOpensOverPollingUpgradesAndExchangesTextAndBinary() throws Exception {
    Socket s = connect(Polling.NAME, WebSocket.NAME);
    next("open");
    String connection = server.await("connection ");
    String sid = connection.split(" ")[1];
    assertThat(connection).isEqualTo("connection " + sid + " polling");

    s.send("before the upgrade");
    assertThat(next("text:")).isEqualTo("text:before the upgrade");
    next("upgrade");
    assertThat(server.await("upgrade " + sid)).isEqualTo("upgrade " + sid + " websocket");

    s.send("hello");
    s.send(new byte[] {1, 2, 3});
    assertThat(next("text:")).isEqualTo("text:hello");
    assertThat(next("binary:")).isEqualTo("binary:010203");

    Thread.sleep(1000); // several heartbeats at 300 ms: the client answers them all
    assertThat(server.socket(sid).isOpen()).isTrue();

    s.close();
    assertThat(server.await("close " + sid)).isEqualTo("close " + sid + " transport close");
  }

  @Test
  void theClientTalksOverPollingAloneWithBinaryAsBase64() throws Exception {
    Socket s = connect(Polling.NAME);
    next("open");
    String sid = server.await("connection ").split(" ")[1];

    s.send(new byte[] {(byte) 0xff, 0});
    s.send("text after binary");

    assertThat(next("binary:")).isEqualTo("binary:ff00");
    assertThat(next("text:")).isEqualTo("text:text after binary");
    Thread.sleep(1000);
    assertThat(server.socket(sid).transport()).isEqualTo("polling");
    assertThat(server.socket(sid).isOpen()).isTrue();

    s.close(); // over polling the client posts a close packet
    assertThat(server.await("close " + sid)).isEqualTo("close " + sid + " transport close");
  }

  @Test
  void theClientOpensOverWebSocketDirectlyAndTheServerClosesIt() throws Exception {
    connect(WebSocket.NAME);
    next("open");
    String sid = server.await("connection ").split(" ")[1];
    assertThat(server.socket(sid).transport()).isEqualTo("websocket");

    server.socket(sid).close();

    assertThat(server.await("close " + sid)).isEqualTo("close " + sid + " forced close");
    // engine.io-client 2.1.0 ignores okhttp's onClosing (the server's close frame) and stops reading after
    // it, so it only notices by its own ping timeout, whatever the server: Node's ws closes the same way.
    assertThat(next("close:")).isEqualTo("close:ping timeout");
  }
}
