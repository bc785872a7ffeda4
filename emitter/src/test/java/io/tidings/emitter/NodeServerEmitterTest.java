package io.tidings.emitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.emitter.peers.NodePeers;
import io.tidings.emitter.peers.NodeSocketIoServer;
import io.tidings.emitter.peers.SocketIoClients;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Java emitter reaches the clients of a real Node socket.io 4.8.4 server on {@code @socket.io/postgres-adapter}
 * 0.5.0 (the version that drops everything Node's own emitter sends), through real socket.io-client 4.8.4
 * clients: every operation, both ways of sending, and never counted as a node.
 *
 * <p>Clients: {@code a} in room1, {@code b} in room2, {@code c} in room1 and room2 (namespace {@code /}), and
 * {@code chat} in {@code /chat}. That something did <em>not</em> arrive is shown without waiting: a later
 * message to everyone arrives, and Node hands a client the messages of one sender in the order they were
 * NOTIFYed (attachments excepted: Node reads their rows asynchronously, so markers are always inline).
 */
@Tag("postgres")
class NodeServerEmitterTest {

  private static PgTarget db;
  private static NodeSocketIoServer server;
  private static SocketIoClients clients;
  private static Emitter emitter;
  private static final AtomicInteger markers = new AtomicInteger();

  @BeforeAll
  static void cluster() throws Exception {
    NodePeers.assumeNode();
    db = TestPostgres.newDatabase();
    server = NodeSocketIoServer.start(db, "/chat");
    clients = SocketIoClients.start();
    clients.connect("a", server.url(), "/", "room1");
    clients.connect("b", server.url(), "/", "room2");
    clients.connect("c", server.url(), "/", "room1", "room2");
    clients.connect("chat", server.url(), "/chat");
    emitter = Emitter.create(TestEmitters.options(db).build());
    // The Node adapter LISTENs asynchronously after start: emit until it hears.
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
      emitter.emit("probe").get(10, TimeUnit.SECONDS);
      return clients.events("a").contains("probe");
    });
  }

  @AfterAll
  static void stop() {
    if (emitter != null) emitter.close();
    if (clients != null) clients.close();
    if (server != null) server.close();
  }

  /** Emits a marker to everyone in {@code /} and waits until {@code client} received it. */
  private static void markerReaches(String client) throws Exception {
    String marker = "marker-" + markers.incrementAndGet();
    emitter.emit(marker).get(10, TimeUnit.SECONDS);
    clients.awaitEvent(client, marker);
  }

  @Test
  void anEmitToEveryoneReachesEveryClientOfTheNamespaceOnly() throws Exception {
    emitter.emit("all", "x", 1, Map.of("nested", true)).get(10, TimeUnit.SECONDS);

    for (String client : List.of("a", "b", "c")) {
      assertThat(clients.awaitEvent(client, "all").toString()).isEqualTo("[\"x\",1,{\"nested\":true}]");
    }
    emitter.of("/chat").emit("chat-marker").get(10, TimeUnit.SECONDS);
    clients.awaitEvent("chat", "chat-marker");
    assertThat(clients.events("chat")).doesNotContain("all");
  }

  @Test
  void anEmitToARoomReachesItsMembersOnly() throws Exception {
    emitter.to("room1").emit("toRoom1", "r1").get(10, TimeUnit.SECONDS);

    assertThat(clients.awaitEvent("a", "toRoom1").toString()).isEqualTo("[\"r1\"]");
    assertThat(clients.awaitEvent("c", "toRoom1").toString()).isEqualTo("[\"r1\"]");
    markerReaches("b");
    assertThat(clients.events("b")).doesNotContain("toRoom1");
  }

  @Test
  void exceptLeavesOutTheMembersOfItsRooms() throws Exception {
    emitter.except("room2").emit("notRoom2").get(10, TimeUnit.SECONDS);
    emitter.to("room1").except("room2").emit("room1NotRoom2").get(10, TimeUnit.SECONDS);

    clients.awaitEvent("a", "notRoom2");
    clients.awaitEvent("a", "room1NotRoom2");
    markerReaches("b");
    markerReaches("c");
    assertThat(clients.events("b")).doesNotContain("notRoom2", "room1NotRoom2");
    assertThat(clients.events("c")).doesNotContain("notRoom2", "room1NotRoom2");
  }

  @Test
  void anEmitToAnotherNamespaceReachesItsClientsOnly() throws Exception {
    emitter.of("/chat").volatile_().compress(false).emit("chatMsg", 7).get(10, TimeUnit.SECONDS);

    assertThat(clients.awaitEvent("chat", "chatMsg").toString()).isEqualTo("[7]");
    markerReaches("a");
    assertThat(clients.events("a")).doesNotContain("chatMsg");
  }

  @Test
  void binaryArgumentsArriveAsBinaryThroughTheAttachmentTable() throws Exception {
    emitter.emit("bin", new byte[] {1, 2, 3}, "txt", Map.of("inner", new byte[] {9})).get(10, TimeUnit.SECONDS);

    assertThat(clients.awaitEvent("a", "bin").toString())
        .isEqualTo("[{\"binary\":\"010203\"},\"txt\",{\"inner\":{\"binary\":\"09\"}}]");
  }

  @Test
  void largeEmitsArriveWholeAt7999And8000BytesAndBeyond() throws Exception {
    String frame = "{\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"sized\",\"\"],\"nsp\":\"/\"},"
        + "\"opts\":{\"rooms\":[],\"flags\":{},\"except\":[]}},\"uid\":\"emitter\",\"nsp\":\"/\"}";
    String inline = "i".repeat(7_999 - frame.length()); // a NOTIFY of 7,999 bytes
    String attached = inline + "j";                      // 8,000 bytes: through the table

    emitter.emit("sized", inline).get(10, TimeUnit.SECONDS);
    emitter.emit("sized", attached).get(10, TimeUnit.SECONDS);
    emitter.emit("big", "x".repeat(9_000)).get(10, TimeUnit.SECONDS);

    assertThat(clients.awaitEvent("b", "big").get(0).asText()).isEqualTo("x".repeat(9_000));
    await().atMost(Duration.ofSeconds(10)).until(() -> clients.allOf("b", "sized").size() == 2);
    assertThat(clients.allOf("b", "sized")).extracting(args -> args.get(0).asText()).containsExactlyInAnyOrder(inline, attached);
  }

  @Test
  void socketsJoinedByTheEmitterGetTheRoomsEmitsAndSocketsLeftDoNot() throws Exception {
    String id = clients.connect("joiner", server.url(), "/");

    emitter.in(id).socketsJoin("joined").get(10, TimeUnit.SECONDS);
    emitter.to("joined").emit("toJoined", 1).get(10, TimeUnit.SECONDS);

    clients.awaitEvent("joiner", "toJoined");
    assertThat(server.rooms("/")).containsEntry("joined", List.of("joiner"));

    emitter.in("joined").socketsLeave("joined").get(10, TimeUnit.SECONDS);
    emitter.to("joined").emit("afterLeave", 2).get(10, TimeUnit.SECONDS);
    markerReaches("joiner");
    assertThat(clients.events("joiner")).doesNotContain("afterLeave");
    assertThat(server.rooms("/")).doesNotContainKey("joined");
  }

  @Test
  void disconnectSocketsWithCloseIsSeenByTheClientAsAServerDisconnect() throws Exception {
    clients.connect("doomed", server.url(), "/", "doomed-room");

    emitter.in("doomed-room").disconnectSockets(true).get(10, TimeUnit.SECONDS);

    assertThat(clients.awaitDisconnect("doomed")).isEqualTo("io server disconnect");
    markerReaches("a");
  }

  @Test
  void aServerSideEmitReachesTheNodeServersHandler() throws Exception {
    server.onServerSide("/", "fromJava");

    emitter.serverSideEmit("fromJava", "hello", 42, Map.of("k", "v")).get(10, TimeUnit.SECONDS);
    emitter.serverSideEmit("fromJava", "binary", new byte[] {9, 9}).get(10, TimeUnit.SECONDS);

    JsonNode first = server.awaitServerSide("fromJava");
    assertThat(first.toString()).isIn("[\"hello\",42,{\"k\":\"v\"}]", "[\"binary\",{\"binary\":\"0909\"}]");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(server.serverSideEvents("fromJava")).extracting(JsonNode::toString)
            .containsExactlyInAnyOrder("[\"hello\",42,{\"k\":\"v\"}]", "[\"binary\",{\"binary\":\"0909\"}]"));
  }

  @Test
  void theEmitterIsNeverCountedAsANode() throws Exception {
    emitter.emit("counted?").get(10, TimeUnit.SECONDS);
    emitter.of("/chat").emit("counted?").get(10, TimeUnit.SECONDS);
    markerReaches("a");

    assertThat(server.serverCount("/")).isEqualTo(1);
    assertThat(server.serverCount("/chat")).isEqualTo(1);
  }

  @Test
  void anEmitOnACallersConnectionReachesTheClientsAtCommitAndNeverOnRollback() throws Exception {
    try (Connection c = TestPostgres.connect(db)) {
      c.setAutoCommit(false);
      emitter.on(c).to("room1").emit("committed", "tx");
      emitter.on(c).emit("committedBinary", (Object) new byte[] {4});
      markerReaches("a"); // sent through the session while the transaction is open: it arrives first
      c.commit();

      assertThat(clients.awaitEvent("a", "committed").toString()).isEqualTo("[\"tx\"]");
      assertThat(clients.awaitEvent("a", "committedBinary").toString()).isEqualTo("[{\"binary\":\"04\"}]");
      List<String> seen = clients.events("a");
      assertThat(seen.indexOf("committed")).isGreaterThan(seen.indexOf("marker-" + markers.get()));

      emitter.on(c).emit("rolledBack");
      c.rollback();
      markerReaches("a");
      assertThat(clients.events("a")).doesNotContain("rolledBack");
    }
  }
}
