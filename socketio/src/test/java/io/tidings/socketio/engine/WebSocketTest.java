package io.tidings.socketio.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.testing.http.RawHttp;
import io.tidings.transport.TransportOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sessions opened directly over WebSocket, against the echo server, with Node's behaviour as expectations. */
class WebSocketTest {

  private EngineTestServer server;

  @BeforeEach
  void start() {
    server = EngineTestServer.start(EngineOptions.newBuilder().path("/engine.io/").maxHttpBufferSize(100).build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String sidOf(String openPacket) {
    return openPacket.replaceAll(".*\"sid\":\"([^\"]+)\".*", "$1");
  }

  @Test
  void theFirstFrameIsTheOpenPacketWithoutUpgrades() throws Exception {
    try (WsClient ws = WsClient.open(server.port(), "EIO=4&transport=websocket")) {
      assertThat(ws.next()).matches("text:0\\{\"sid\":\"[A-Za-z0-9_-]{20}\",\"upgrades\":\\[],"
          + "\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":100}");
      assertThat(server.await("connection")).endsWith(" websocket");
    }
  }

  @Test
  void textAndBinaryMessagesTravelOnePacketPerFrame() throws Exception {
    try (WsClient ws = WsClient.open(server.port(), "EIO=4&transport=websocket")) {
      String sid = sidOf(ws.next());

      ws.send("4hello");
      ws.send(new byte[] {1, 2, 3, 4});
      ws.send("4");

      assertThat(ws.next()).isEqualTo("text:4hello");
      assertThat(ws.next()).isEqualTo("binary:01020304");
      assertThat(ws.next()).isEqualTo("text:4");
      assertThat(server.await("text " + sid)).isEqualTo("text " + sid + " hello");
      assertThat(server.await("binary " + sid)).isEqualTo("binary " + sid + " 4");
      assertThat(server.await("text " + sid)).isEqualTo("text " + sid + " ");
    }
  }

  @Test
  void aFrameThatIsNoPacketClosesTheSessionWithParseError() throws Exception {
    try (WsClient ws = WsClient.open(server.port(), "EIO=4&transport=websocket")) {
      String sid = sidOf(ws.next());

      ws.send("abc");

      assertThat(ws.next()).isEqualTo("close:1000");
      assertThat(server.await("close " + sid)).isEqualTo("close " + sid + " parse error");
    }
  }

  @Test
  void aMessageOverMaxPayloadIsClosedWith1009AndIsATransportError() throws Exception {
    try (WsClient ws = WsClient.open(server.port(), "EIO=4&transport=websocket")) {
      String sid = sidOf(ws.next());

      ws.send("4" + "z".repeat(100));

      assertThat(ws.next()).isEqualTo("close:1009");
      assertThat(server.await("close " + sid)).isEqualTo("close " + sid + " transport error Max payload size exceeded");
      assertThat(server.refusals).contains("message too big");
    }
  }

  @Test
  void aClosePacketOverWebSocketIsIgnoredAsInNode() throws Exception {
    try (WsClient ws = WsClient.open(server.port(), "EIO=4&transport=websocket")) {
      String sid = sidOf(ws.next());

      ws.send("1");
      ws.send("4still");

      assertThat(ws.next()).isEqualTo("text:4still");
      assertThat(server.socket(sid).isOpen()).isTrue();
    }
  }

  @Test
  void aPingFromTheClientIsTheWrongHeartbeatDirection() throws Exception {
    try (WsClient ws = WsClient.open(server.port(), "EIO=4&transport=websocket")) {
      String sid = sidOf(ws.next());

      ws.send("2");

      assertThat(ws.next()).isEqualTo("close:1000");
      assertThat(server.await("close " + sid)).isEqualTo("close " + sid + " transport error invalid heartbeat direction");
    }
  }

  @Test
  void theClientClosingIsATransportClose() throws Exception {
    WsClient ws = WsClient.open(server.port(), "EIO=4&transport=websocket");
    String sid = sidOf(ws.next());

    ws.socket.sendClose(1000, "bye").join();

    assertThat(server.await("close " + sid)).isEqualTo("close " + sid + " transport close");
    ws.close();
  }

  @Test
  void aServerCloseSendsTheQueuedEchoThenACloseFrame() throws Exception {
    try (WsClient ws = WsClient.open(server.port(), "EIO=4&transport=websocket")) {
      String sid = sidOf(ws.next());

      ws.send("4close-me");

      assertThat(ws.next()).isEqualTo("text:4close-me");
      assertThat(ws.next()).isEqualTo("close:1000");
      assertThat(server.await("close " + sid)).isEqualTo("close " + sid + " forced close");
    }
  }

  @Test
  void anUpgradeRequestNamingPollingIsAcceptedThenClosed() throws Exception {
    try (WsClient ws = WsClient.open(server.port(), "EIO=4&transport=polling")) {
      assertThat(ws.next()).isEqualTo("close:1000");
    }
    assertThat(server.engine.clientsCount()).isZero();
  }

  @Test
  void aClientThatStopsReadingIsClosedAsASlowConsumer() throws Exception {
    try (EngineTestServer small = EngineTestServer.start(EngineOptions.newBuilder().path("/engine.io/").build(),
        TransportOptions.newBuilder().host("127.0.0.1").port(0).eventLoopThreads(1).maxBufferedBytes(32 * 1024));
         java.net.Socket reader = new java.net.Socket()) {
      reader.setReceiveBufferSize(4096);
      reader.connect(new java.net.InetSocketAddress("127.0.0.1", small.port()));
      reader.getOutputStream().write(RawHttp.upgrade("/engine.io/?EIO=4&transport=websocket")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String sid = small.await("connection ").split(" ")[1];
      EngineSocket socket = small.socket(sid);

      String chunk = "x".repeat(8 * 1024);
      for (int i = 0; i < 200 && socket.isOpen(); i++) {
        socket.sendText(chunk); // nobody reads: the outgoing buffer passes its cap
        Thread.sleep(2);
      }

      assertThat(small.await("slow " + sid)).isEqualTo("slow " + sid);
      assertThat(small.await("close " + sid)).isEqualTo("close " + sid + " transport close");
    }
  }
}
