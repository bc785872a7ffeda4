package io.tidings.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.testing.socketio.SocketIoClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code fetchSockets}, {@code socketsJoin}/{@code socketsLeave}, {@code disconnectSockets} and a remote socket's emit, on one node. */
class FetchSocketsTest {

  private SocketIoServer io;
  private int port;
  private final Map<String, Socket> byName = new ConcurrentHashMap<>();

  @BeforeEach
  void start() {
    io = SocketIoServer.newBuilder().build();
    io.on("connection", socket -> {
      String name = socket.handshake().auth().path("name").asText();
      socket.data(Map.of("name", name));
      socket.join("team-" + (name.equals("c") ? "blue" : "red"));
      byName.put(name, socket);
    });
    port = io.listen(0);
  }

  @AfterEach
  void stop() {
    io.close();
  }

  private SocketIoClient client(String name) {
    SocketIoClient c = SocketIoClient.to(port).auth(Map.of("name", name)).connect("news");
    c.await("connect");
    Awaitility.await().atMost(SocketIoClient.WAIT).until(() -> byName.containsKey(name));
    return c;
  }

  @Test
  void fetchSocketsShowsIdsRoomsDataAndHandshake() throws Exception {
    try (SocketIoClient a = client("a"); SocketIoClient b = client("b"); SocketIoClient c = client("c")) {
      List<RemoteSocket> red = io.in("team-red").fetchSockets().get(10, TimeUnit.SECONDS);
      assertThat(red).extracting(RemoteSocket::id).containsExactlyInAnyOrder(byName.get("a").id(), byName.get("b").id());
      RemoteSocket first = red.stream().filter(s -> s.id().equals(byName.get("a").id())).findFirst().orElseThrow();
      assertThat(first.rooms()).containsExactlyInAnyOrder(first.id(), "team-red");
      assertThat(first.data()).isEqualTo(Map.of("name", "a"));
      assertThat(first.handshake().auth().path("name").asText()).isEqualTo("a");
      assertThat(first.handshake().address()).isEqualTo("127.0.0.1");
      assertThat(first.handshake().query()).containsEntry("EIO", "4");

      first.emit("news", "just you");
      assertThat(a.await("news")).isEqualTo("news [\"just you\"]");
      a.socket.on("ask", args -> ((io.socket.client.Ack) args[args.length - 1]).call("from a"));
      assertThat(first.timeout(java.time.Duration.ofSeconds(10)).emitWithAck("ask").get(20, TimeUnit.SECONDS))
          .extracting(com.fasterxml.jackson.databind.JsonNode::asText).containsExactly("from a");
      assertThat(io.fetchSockets().get(10, TimeUnit.SECONDS)).hasSize(3);
    }
  }

  @Test
  void socketsJoinAndLeaveMoveTheSocketsTheOperatorNames() {
    try (SocketIoClient a = client("a"); SocketIoClient b = client("b"); SocketIoClient c = client("c")) {
      io.in("team-red").socketsJoin("everyone");
      io.in("team-blue").socketsJoin("everyone");
      io.in(byName.get("b").id()).socketsLeave("everyone");
      Awaitility.await().atMost(SocketIoClient.WAIT).until(() -> io.sockets().adapter().sockets(java.util.Set.of("everyone")).size() == 2);
      io.to("everyone").emit("news", "team");
      assertThat(a.await("news")).isEqualTo("news [\"team\"]");
      assertThat(c.await("news")).isEqualTo("news [\"team\"]");
      assertThat(byName.get("b").rooms()).doesNotContain("everyone");
    }
  }

  @Test
  void disconnectSocketsDisconnectsThoseNamed() {
    try (SocketIoClient a = client("a"); SocketIoClient b = client("b"); SocketIoClient c = client("c")) {
      io.in("team-red").disconnectSockets(false);
      assertThat(a.await("disconnect")).isEqualTo("disconnect io server disconnect");
      assertThat(b.await("disconnect")).isEqualTo("disconnect io server disconnect");
      Awaitility.await().atMost(SocketIoClient.WAIT).until(() -> io.sockets().sockets().size() == 1);
      assertThat(byName.get("c").connected()).isTrue();
    }
  }
}
