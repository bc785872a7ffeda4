package io.tidings.examples.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.bus.postgres.PostgresBus;
import io.tidings.bus.postgres.PostgresBusConfig;
import io.tidings.socketio.RemoteSocket;
import io.tidings.socketio.cluster.PostgresAdapterFactory;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two Tidings nodes (the interop app on {@link io.tidings.socketio.cluster.PostgresAdapter}, each on a bus of its own) on one PostgreSQL
 * serve one cluster to real Java clients, over WebSocket and long-polling: every ClusterAdapter operation
 * crosses from one node to the other.
 */
@Tag("postgres")
class TwoTidingsNodesTest {

  private final List<AutoCloseable> opened = new ArrayList<>();
  private PgTarget db;
  private InteropApp a;
  private InteropApp b;

  static PostgresBusConfig.Builder busConfig(PgTarget db) {
    return PostgresBusConfig.builder()
        .host(db.host()).port(db.port()).database(db.database()).user(db.user()).password(db.password())
        .heartbeatInterval(Duration.ofMillis(300))
        .heartbeatTimeout(Duration.ofMillis(1_500))
        .requestsTimeout(Duration.ofSeconds(3));
  }

  static InteropApp node(String name, PostgresBusConfig config, List<AutoCloseable> opened) throws Exception {
    PostgresBus bus = PostgresBus.start(config).get(30, TimeUnit.SECONDS);
    opened.add(bus);
    InteropApp app = InteropApp.start(name, PostgresAdapterFactory.on(bus, config.requestsTimeout()), false, 0, "127.0.0.1");
    opened.add(app);
    return app;
  }

  @BeforeEach
  void cluster() throws Exception {
    db = TestPostgres.newDatabase();
    PostgresBusConfig config = busConfig(db).build();
    a = node("A", config, opened);
    b = node("B", config, opened);
    for (InteropApp n : List.of(a, b)) {
      for (String nsp : List.of("/", "/chat")) {
        await().atMost(Duration.ofSeconds(10)).until(() -> n.io().of(nsp).adapter().serverCount().get() == 2);
      }
    }
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) opened.get(i).close();
  }

  private ClusterClient client(String name, InteropApp node, String room, String transport) {
    ClusterClient c = ClusterClient.connect(name, node.port(), "/", room, transport);
    opened.add(c);
    return c;
  }

  @Test
  void broadcastsToRoomsAndToAllCrossNodesOverWebSocketAndPolling() {
    ClusterClient onA = client("onA", a, "r1", "websocket");
    ClusterClient onB = client("onB", b, "r1", "polling");
    ClusterClient otherRoom = client("otherRoom", b, "r2", "websocket");

    assertThat(onA.emitWithAck("whoami")).isEqualTo("[\"A\"]");
    assertThat(onB.emitWithAck("whoami")).isEqualTo("[\"B\"]");

    onB.emit("say", "hello r1");
    assertThat(onA.await("said")).isEqualTo("said [\"hello r1\"]");
    assertThat(onB.await("said")).isEqualTo("said [\"hello r1\"]");

    onA.emit("shout", "to all");
    for (ClusterClient c : List.of(onA, onB, otherRoom)) assertThat(c.await("shouted")).isEqualTo("shouted [\"to all\"]");
    assertThat(otherRoom.heard("said")).as("r2 is not r1").isEmpty();
    // Recovery is on: each broadcast carries the cluster's offset, the same on both nodes.
    assertThat(onA.offsets).hasSize(2).isEqualTo(onB.offsets);
  }

  @Test
  void binaryAndLargePayloadsCrossThroughTheAttachmentTable() {
    ClusterClient onA = client("onA", a, "r1", "websocket");
    ClusterClient onB = client("onB", b, "r1", "polling");

    onA.emit("say", (Object) new byte[] {1, 2, 3, 4});
    assertThat(onB.await("said")).isEqualTo("said [<01020304>]");
    String big = "x".repeat(9_000);
    onB.emit("shout", big);
    assertThat(onA.await("shouted")).isEqualTo("shouted [\"" + big + "\"]");
  }

  @Test
  void acknowledgementsCrossNodesFromEveryClientAndFromEveryServer() {
    ClusterClient onA = client("onA", a, "r1", "websocket");
    ClusterClient onB = client("onB", b, "r1", "polling");
    ClusterClient asker = client("asker", b, "r2", "websocket");

    assertThat(asker.emitWithAck("ackall", "r1", "please"))
        .isIn("[{\"err\":null,\"responses\":[\"ack-from-onA\",\"ack-from-onB\"]}]",
            "[{\"err\":null,\"responses\":[\"ack-from-onB\",\"ack-from-onA\"]}]");
    assertThat(onA.await("ackme")).isEqualTo("ackme [\"please\"]");

    assertThat(onA.emitWithAck("sse", "p")).isEqualTo("[{\"err\":null,\"responses\":[{\"payload\":\"p\",\"server\":\"B\"}]}]");
    assertThat(asker.emitWithAck("ackall", "nobody-here", "x")).isEqualTo("[{\"err\":null,\"responses\":[]}]");
  }

  @Test
  void socketsJoinFetchSocketsAndDisconnectSocketsReachTheOtherNodesSockets() throws Exception {
    ClusterClient onA = client("onA", a, "r1", "websocket");
    ClusterClient onB = client("onB", b, "r2", "polling");

    assertThat(onA.emitWithAck("joinRoom", "r2", "r1")).isEqualTo("[true]");
    await().atMost(Duration.ofSeconds(10)).until(() -> a.io().of("/").in("r1").fetchSockets().get().size() == 2);
    List<RemoteSocket> inR1 = a.io().of("/").in("r1").fetchSockets().get(10, TimeUnit.SECONDS);
    RemoteSocket remote = inR1.stream().filter(s -> s.id().equals(onB.socket.id())).findFirst().orElseThrow();
    assertThat(remote.rooms()).contains("r1", "r2", onB.socket.id());
    assertThat(((JsonNode) remote.data()).toString()).isEqualTo("{\"server\":\"B\",\"room\":\"r2\"}");
    assertThat(remote.handshake().query()).containsEntry("room", "r2");

    onA.emit("say", "now in r1");
    assertThat(onB.await("said")).isEqualTo("said [\"now in r1\"]");

    assertThat(onA.emitWithAck("kick", "r1")).isEqualTo("[true]");
    assertThat(onB.await("disconnect")).isEqualTo("disconnect io server disconnect");
    assertThat(onA.await("disconnect")).isEqualTo("disconnect io server disconnect");
  }

  @Test
  void aPeersMalformedMessagesAreDroppedAndCountedAndTheClusterGoesOn() throws Exception {
    ClusterClient onA = client("onA", a, "r1", "websocket");
    try (java.sql.Connection c = TestPostgres.connect(db);
         java.sql.PreparedStatement notify = c.prepareStatement("SELECT pg_notify('socket.io#/', ?)")) {
      for (String bad : List.of(
          "{\"type\":3,\"data\":{\"packet\":{\"type\":2},\"opts\":{\"rooms\":[]}},\"uid\":\"badpeer000000001\",\"nsp\":\"/\"}",
          "{\"type\":9,\"data\":{\"packet\":\"not an array\"},\"uid\":\"badpeer000000001\",\"nsp\":\"/\"}")) {
        notify.setString(1, bad);
        notify.execute();
      }
    }
    io.tidings.socketio.cluster.PostgresAdapter adapter = (io.tidings.socketio.cluster.PostgresAdapter) a.io().of("/").adapter();
    await().atMost(Duration.ofSeconds(10)).until(() -> adapter.malformedMessages() == 2);
    b.io().of("/").emit("shouted", "still here");
    assertThat(onA.await("shouted")).isEqualTo("shouted [\"still here\"]");
  }

  /**
   * A third node of the cluster that is not a Socket.IO server: a bare bus on the same database, joined to
   * {@code "/"} with {@code listener} (a peer stuck in its handlers, another implementation). Closed after
   * the test.
   */
  private io.tidings.bus.BusNamespace thirdNode(io.tidings.bus.BusListener listener) throws Exception {
    PostgresBus bus = PostgresBus.start(busConfig(db).build()).get(30, TimeUnit.SECONDS);
    opened.add(bus);
    return bus.join("/", listener);
  }

  @Test
  void aServerThatNeverAnswersMakesFetchSocketsAndServerSideEmitTimeOutWithWhatCame() throws Exception {
    ClusterClient onA = client("onA", a, "r1", "websocket");
    client("onB", b, "r1", "polling");
    // A third node that heartbeats but answers nothing (a node stuck in its handlers, say).
    thirdNode(m -> {});
    await().atMost(Duration.ofSeconds(10)).until(() -> a.io().of("/").adapter().serverCount().get() == 3);

    java.util.concurrent.ExecutionException fetch = org.assertj.core.api.Assertions.catchThrowableOfType(
        java.util.concurrent.ExecutionException.class, () -> a.io().of("/").fetchSockets().get(30, TimeUnit.SECONDS));
    assertThat(fetch.getCause()).isInstanceOf(io.tidings.socketio.cluster.FetchSocketsTimeoutException.class)
        .hasMessage("timeout reached: missing 1 responses");
    assertThat(((io.tidings.socketio.cluster.FetchSocketsTimeoutException) fetch.getCause()).sockets()).as("A's and B's").hasSize(2);

    assertThat(onA.emitWithAck("sse", "p"))
        .isEqualTo("[{\"err\":\"timeout reached: missing 1 responses\",\"responses\":[{\"payload\":\"p\",\"server\":\"B\"}]}]");
  }

  @Test
  void aGoPeerThatLeavesOutAZeroClientCountDoesNotHoldUpAnAcknowledgedBroadcast() throws Exception {
    ClusterClient asker = client("asker", a, "r2", "websocket");
    client("onB", b, "r1", "polling");
    // A third node answering as the Go port does: BROADCAST_CLIENT_COUNT without clientCount when it is 0
    // ("omitempty"), which makes Node's ack wait for its timeout (NaN); Tidings reads it as 0.
    io.tidings.bus.BusNamespace[] goNs = new io.tidings.bus.BusNamespace[1];
    goNs[0] = thirdNode(m -> {
      if (m.type() == io.tidings.bus.MessageType.BROADCAST && !m.fromSelf() && m.data().has("requestId")) {
        goNs[0].respond(m, io.tidings.bus.MessageType.BROADCAST_CLIENT_COUNT,
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
      }
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> a.io().of("/").adapter().serverCount().get() == 3);
    assertThat(asker.emitWithAck("ackall", "r1", "go?")).isEqualTo("[{\"err\":null,\"responses\":[\"ack-from-onB\"]}]");
  }

  @Test
  void theChatNamespaceIsAClusterOfItsOwn() {
    ClusterClient chatA = ClusterClient.connect("chatA", a.port(), "/chat", "lobby", "websocket");
    ClusterClient chatB = ClusterClient.connect("chatB", b.port(), "/chat", "lobby", "polling");
    ClusterClient root = client("root", b, "lobby", "websocket");
    opened.add(chatA);
    opened.add(chatB);

    chatA.emit("say", "in chat");
    assertThat(chatB.await("said")).isEqualTo("said [\"in chat\"]");
    assertThat(chatA.emitWithAck("sse", 7)).isEqualTo("[{\"err\":null,\"responses\":[{\"payload\":7,\"server\":\"B\"}]}]");
    assertThat(root.heard("said")).as("/ is another namespace").isEmpty();
  }
}
