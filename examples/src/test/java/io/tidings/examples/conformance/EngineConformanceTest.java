package io.tidings.examples.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.socket.engineio.client.Socket;
import io.socket.engineio.client.transports.Polling;
import io.socket.engineio.client.transports.WebSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Engine.IO suite's reference server as the suite sees it: its open packet says what the suite expects,
 * every answer carries CORS for any origin, and a real client (engine.io-client for Java) gets every message
 * back, text and binary, over polling and over WebSocket.
 */
class EngineConformanceTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private EngineConformance server;
  private Socket client;
  private final List<String> heard = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    server = EngineConformance.start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    if (client != null) client.close();
    server.close();
  }

  @Test
  void theHandshakeAnnouncesTheSuitesSettingsWithCorsForAnyOrigin() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/engine.io/?EIO=4&transport=polling"))
            .header("Origin", "https://elsewhere.example").build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(response.body())
        .matches("0\\{\"sid\":\"[A-Za-z0-9_-]{20}\",\"upgrades\":\\[\"websocket\"\\],"
            + "\"pingInterval\":300,\"pingTimeout\":200,\"maxPayload\":1000000}");
  }

  @Test
  void everyMessageComesBackOverPollingThenWebSocket() throws Exception {
    Socket s = connect(Polling.NAME, WebSocket.NAME);
    await().atMost(WAIT).until(() -> heard.contains("open"));

    s.send("over polling");
    s.send(new byte[] {0, 1, (byte) 0xfe});
    await().atMost(WAIT).until(() -> heard.contains("text:over polling") && heard.contains("binary:0001fe"));

    await().atMost(WAIT).until(() -> heard.contains("upgrade"));
    s.send("over websocket");
    s.send(new byte[] {42});
    await().atMost(WAIT).until(() -> heard.contains("text:over websocket") && heard.contains("binary:2a"));
    assertThat(heard).doesNotContain("close:ping timeout");
    assertThat(server.clientsCount()).isEqualTo(1);
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
    client = s;
    s.open();
    return s;
  }
}
