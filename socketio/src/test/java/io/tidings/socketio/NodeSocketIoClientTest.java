package io.tidings.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.socketio.parser.DefaultParser;
import io.tidings.socketio.parser.MsgpackParser;
import io.tidings.socketio.parser.Parser;
import io.tidings.testing.node.NodeProject;
import io.tidings.testing.socketio.SocketIoClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Node's {@code socket.io-client} 4.8.4 against the Tidings server, for what the Java client lacks: the
 * msgpack parser ({@code socket.io-msgpack-parser} 3.0.2), the client's {@code emitWithAck}, and connection
 * state recovery with its {@code recovered} flag. The npm packages are installed into {@code target/}; the
 * test is skipped only when {@code node} is not installed.
 */
class NodeSocketIoClientTest {

  /** Jackson writes a record's components in order, so the client sees {@code got} first. */
  record Echo(JsonNode got, byte[] bytes) {}

  private SocketIoServer io;
  private final Map<String, Socket> byId = new ConcurrentHashMap<>();

  @BeforeEach
  void requireNode() {
    NodeProject.assumeNode();
  }

  @AfterEach
  void stop() {
    if (io != null) io.close();
  }

  private int start(Parser parser, boolean recovery) {
    SocketIoServer.Builder b = SocketIoServer.newBuilder().parser(parser);
    if (recovery) b.connectionStateRecovery(Duration.ofMinutes(2), true);
    io = b.build();
    io.on("connection", socket -> {
      byId.put(socket.id(), socket);
      socket.join("room");
      socket.on("echo", (args, ack) -> ack.send(new Echo(args.get(0), args.getBytes(1))));
    });
    return io.listen(0);
  }

  private void exchange(Parser parser, String transports) throws Exception {
    int port = start(parser, false);
    try (NodeClient node = NodeClient.start(port, Map.of("TRANSPORTS", transports,
        "PARSER", parser instanceof MsgpackParser ? "msgpack" : "default"))) {
      String id = node.await("connect").get("id").asText();
      Awaitility.await().atMost(SocketIoClient.WAIT).until(() -> byId.containsKey(id));

      node.send("{\"cmd\":\"emitWithAck\",\"event\":\"echo\",\"args\":[{\"a\":[1,\"é\"]}],\"binary\":\"00ff\"}");
      assertThat(node.await("ack").get("args").toString())
          .isEqualTo("[{\"got\":{\"a\":[1,\"é\"]},\"bytes\":{\"hex\":\"00ff\"}}]");

      Args answer = byId.get(id).timeout(Duration.ofSeconds(10)).emitWithAck("ask", "q").get(20, TimeUnit.SECONDS);
      assertThat(answer.getString(0)).isEqualTo("node:q");
      node.awaitIncoming("ask");

      io.to("room").emit("news", new byte[] {1, 2}, "text");
      assertThat(node.awaitIncoming("news").get("args").toString()).isEqualTo("[{\"hex\":\"0102\"},\"text\"]");
    }
  }

  @Test
  void theDefaultParserOverPollingThenWebSocket() throws Exception {
    exchange(new DefaultParser(), "polling,websocket");
  }

  @Test
  void theMsgpackParserOverWebSocket() throws Exception {
    exchange(new MsgpackParser(), "websocket");
  }

  @Test
  void theMsgpackParserOverPolling() throws Exception {
    exchange(new MsgpackParser(), "polling");
  }

  @Test
  void aMiddlewaresRefusalReachesNodesClientWithMessageAndData() throws Exception {
    int port = start(new DefaultParser(), false);
    io.of("/vip").use((socket, next) -> next.fail(new ConnectError("not a vip", Map.of("retry", false))));
    try (NodeClient node = NodeClient.start(port, Map.of("NSP", "/vip", "TRANSPORTS", "polling"))) {
      JsonNode error = node.await("connect_error");
      assertThat(error.get("message").asText()).isEqualTo("not a vip");
      assertThat(error.get("data").toString()).isEqualTo("{\"retry\":false}");
    }
  }

  @Test
  void aDroppedConnectionIsRecoveredWithTheBroadcastsItMissed() throws Exception {
    int port = start(new DefaultParser(), true);
    try (NodeClient node = NodeClient.start(port, Map.of("TRANSPORTS", "websocket"))) {
      JsonNode first = node.await("connect");
      String id = first.get("id").asText();
      assertThat(first.get("recovered").asBoolean()).isFalse();
      // the client hears CONNECT before the "connection" handler (a later loop task) has joined the room
      Awaitility.await().atMost(SocketIoClient.WAIT).until(() -> byId.containsKey(id) && byId.get(id).rooms().contains("room"));
      io.to("room").emit("news", 1);
      node.awaitIncoming("news");

      Socket before = byId.get(id);
      node.send("{\"cmd\":\"drop\"}");
      // the socket that was dropped: the recovered one, with the same id, may be connected already
      Awaitility.await().atMost(SocketIoClient.WAIT).until(() -> !before.connected());
      io.to("room").emit("news", 2);
      io.to("room").emit("news", 3);

      JsonNode again = node.await("connect");
      assertThat(again.get("id").asText()).isEqualTo(id);
      assertThat(again.get("recovered").asBoolean()).isTrue();
      assertThat(node.awaitIncoming("news").get("args").get(0).asInt()).isEqualTo(2);
      assertThat(node.awaitIncoming("news").get("args").get(0).asInt()).isEqualTo(3);
    }
  }
}
