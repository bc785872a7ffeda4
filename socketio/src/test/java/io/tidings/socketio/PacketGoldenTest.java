package io.tidings.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.testing.socketio.SocketIoClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exact Socket.IO packets the server writes (inside Engine.IO messages), as Node's socket.io 4.8 writes
 * them: the CONNECT answer, CONNECT_ERROR, ACK, EVENT with an ack id, DISCONNECT and a binary event with its
 * attachment. The socket id is random: it is read from the answer and then expected exactly.
 */
class PacketGoldenTest {

  private SocketIoServer io;
  private int port;
  private final Map<String, Socket> byId = new ConcurrentHashMap<>();

  @BeforeEach
  void start() {
    io = SocketIoServer.newBuilder().build();
    io.on("connection", socket -> byId.put(socket.id(), socket));
    io.of("/chat").use((socket, next) -> {
      if (socket.handshake().auth().has("token")) next.proceed(); else next.fail(new ConnectError("not authorized", Map.of("code", 401)));
    }).on("connection", socket -> {
      byId.put(socket.id(), socket);
      socket.on("hello", (args, ack) -> ack.send("hi", 1, true, null));
      socket.on("file", (args, ack) -> socket.emit("file", new byte[] {1, 2, 3}));
    });
    port = io.listen(0);
  }

  @AfterEach
  void stop() {
    io.close();
  }

  private String sidOf(String answer, String prefix) {
    assertThat(answer).matches(java.util.regex.Pattern.quote(prefix) + "\\{\"sid\":\"[A-Za-z0-9_-]{20}\"\\}");
    return answer.substring(prefix.length() + 8, prefix.length() + 28);
  }

  @Test
  void theMainNamespacesConnectAnswerIsZeroAndTheSid() {
    try (RawClient raw = RawClient.open(port, "websocket")) {
      raw.send("0");
      String sid = sidOf(raw.next(), "0");
      Awaitility.await().atMost(SocketIoClient.WAIT).until(() -> byId.containsKey(sid));

      byId.get(sid).emit("ask", "q", (AckCallback) args -> {});
      assertThat(raw.next()).isEqualTo("20[\"ask\",\"q\"]");
      byId.get(sid).disconnect();
      assertThat(raw.next()).isEqualTo("1");
    }
  }

  @Test
  void aNamespacesPacketsCarryItsNameAndTheAckAnswersTheId() {
    try (RawClient raw = RawClient.open(port, "polling")) {
      raw.send("0/chat,{\"token\":\"t\"}");
      String sid = sidOf(raw.next(), "0/chat,");
      raw.send("2/chat,7[\"hello\"]");
      assertThat(raw.next()).isEqualTo("3/chat,7[\"hi\",1,true,null]");
      raw.send("2/chat,[\"file\"]");
      assertThat(raw.next()).isEqualTo("51-/chat,[\"file\",{\"_placeholder\":true,\"num\":0}]");
      assertThat(raw.next()).isEqualTo("<010203>");
      byId.get(sid).disconnect();
      assertThat(raw.next()).isEqualTo("1/chat,");
    }
  }

  @Test
  void refusalsAreConnectErrorsWithMessageAndData() {
    try (RawClient raw = RawClient.open(port, "websocket")) {
      raw.send("0/nowhere,");
      assertThat(raw.next()).isEqualTo("4/nowhere,{\"message\":\"Invalid namespace\"}");
      raw.send("0/chat,");
      assertThat(raw.next()).isEqualTo("4/chat,{\"message\":\"not authorized\",\"data\":{\"code\":401}}");
    }
  }
}
