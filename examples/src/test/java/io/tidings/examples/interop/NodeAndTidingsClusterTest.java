package io.tidings.examples.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.bus.postgres.PostgresBus;
import io.tidings.bus.postgres.PostgresBusConfig;
import io.tidings.socketio.RemoteSocket;
import io.tidings.socketio.cluster.PostgresAdapterFactory;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A Node server (socket.io 4.8.4 on {@code @socket.io/postgres-adapter} 0.5.0, {@code interop-server.js}) and two
 * Tidings nodes (the interop app on {@link io.tidings.socketio.cluster.PostgresAdapter}) on one PostgreSQL serve one cluster: every operation
 * of issue 13's table works in both directions, for socket.io-client 4.8.4 clients over WebSocket and polling.
 */
@Tag("postgres")
class NodeAndTidingsClusterTest {

  private static PostgresBus bus;
  private static PostgresBus bus2;
  private static InteropApp java;
  private static InteropApp java2;
  private static NodePeers.Lines node;
  private static int nodePort;
  private static NodePeers.Lines clients;
  private static int nextClient;

  @BeforeAll
  static void cluster() throws Exception {
    NodePeers.assumeNode();
    PgTarget db = TestPostgres.newDatabase();
    // Node's heartbeats: every 5 s, a node is gone after 10 s of silence; the Java node uses the same.
    PostgresBusConfig config = TwoTidingsNodesTest.busConfig(db)
        .heartbeatInterval(PostgresBusConfig.DEFAULT_HEARTBEAT_INTERVAL)
        .heartbeatTimeout(PostgresBusConfig.DEFAULT_HEARTBEAT_TIMEOUT)
        .requestsTimeout(PostgresBusConfig.DEFAULT_REQUESTS_TIMEOUT).build();
    bus = PostgresBus.start(config).get(30, TimeUnit.SECONDS);
    java = InteropApp.start("java", PostgresAdapterFactory.on(bus, config.requestsTimeout()), false, 0, "127.0.0.1");
    bus2 = PostgresBus.start(config).get(30, TimeUnit.SECONDS);
    java2 = InteropApp.start("java2", PostgresAdapterFactory.on(bus2, config.requestsTimeout()), false, 0, "127.0.0.1");
    node = NodePeers.start("interop-server.js", NodePeers.serverEnv(db, "node"));
    JsonNode ready = node.await(e -> e.path("event").asText().equals("ready"));
    nodePort = ready.get("port").asInt();
    String nodeUid = ready.at("/uids/~1").asText();
    // Each side counts the other (Node learns of Java from its heartbeats, within 5 s).
    await().atMost(Duration.ofSeconds(20)).until(() -> java.io().of("/").adapter().serverCount().get() == 3
        && java.io().of("/chat").adapter().serverCount().get() == 3 && java2.io().of("/").adapter().serverCount().get() == 3);
    assertThat(bus.stats().peers()).as("two peers in each of two namespaces").isEqualTo(4);
    assertThat(nodeUid).hasSize(16);
    clients = NodePeers.start("clients.js", Map.of());
    clients.await(e -> e.path("event").asText().equals("ready"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (clients != null) clients.close();
    if (node != null) node.close();
    if (java != null) java.close();
    if (java2 != null) java2.close();
    if (bus != null) bus.shutdown().get(30, TimeUnit.SECONDS);
    if (bus2 != null) bus2.shutdown().get(30, TimeUnit.SECONDS);
  }

  /** Connects a Node client to {@code port}'s {@code nsp} in {@code room}; returns its name. */
  private static String client(int port, String nsp, String room, String transport) throws Exception {
    String name = "c" + (++nextClient);
    ObjectNode c = NodePeers.Lines.command("connect").put("name", name).put("url", "http://127.0.0.1:" + port)
        .put("nsp", nsp).put("room", room);
    c.putArray("transports").add(transport);
    clients.call(c);
    return name;
  }

  private static JsonNode ack(String client, String event, Object... args) throws Exception {
    ObjectNode c = NodePeers.Lines.command("emit").put("name", client).put("event", event).put("ack", true);
    ArrayNode a = c.putArray("args");
    for (Object arg : args) a.addPOJO(arg);
    return clients.call(c).get("ack");
  }

  private static void emit(String client, String event, Object... args) throws Exception {
    ObjectNode c = NodePeers.Lines.command("emit").put("name", client).put("event", event);
    ArrayNode a = c.putArray("args");
    for (Object arg : args) a.addPOJO(arg);
    clients.call(c);
  }

  /** The next {@code ev} that {@code client} received: its arguments, the offset (when recovery added one) left out. */
  private static String received(String client, String ev) throws Exception {
    JsonNode e = clients.await(received(client).and(x -> x.path("ev").asText().equals(ev)));
    ArrayNode args = (ArrayNode) e.get("args").deepCopy();
    if (!args.isEmpty() && args.get(args.size() - 1).isTextual()
        && ClusterClient.OFFSET.matcher(args.get(args.size() - 1).asText()).matches()) {
      args.remove(args.size() - 1);
    }
    return args.toString();
  }

  /** The servers that answered a {@code sse}, each with {@code payload}; fails on an error. */
  private static List<String> servers(JsonNode result, String payload) {
    assertThat(result.get("err").isNull()).as(result.toString()).isTrue();
    List<String> servers = new java.util.ArrayList<>();
    for (JsonNode r : result.get("responses")) {
      assertThat(r.get("payload").asText()).isEqualTo(payload);
      servers.add(r.get("server").asText());
    }
    return servers;
  }

  private static Predicate<JsonNode> received(String client) {
    return e -> e.path("event").asText().equals("received") && e.path("name").asText().equals(client);
  }

  @Test
  void whoamiSayAndShoutCrossBothWaysOverWebSocketAndPolling() throws Exception {
    String onJava = client(java.port(), "/", "r1", "websocket");
    String onNode = client(nodePort, "/", "r1", "polling");
    String elsewhere = client(nodePort, "/", "r2", "websocket");
    String onJava2 = client(java2.port(), "/", "r1", "polling");

    assertThat(ack(onJava, "whoami").asText()).isEqualTo("java");
    assertThat(ack(onNode, "whoami").asText()).isEqualTo("node");

    emit(onJava, "say", "from java");
    assertThat(received(onNode, "said")).isEqualTo("[\"from java\"]");
    assertThat(received(onJava, "said")).isEqualTo("[\"from java\"]");
    assertThat(received(onJava2, "said")).isEqualTo("[\"from java\"]");
    emit(onNode, "say", "from node");
    assertThat(received(onJava, "said")).isEqualTo("[\"from node\"]");
    assertThat(received(onJava2, "said")).isEqualTo("[\"from node\"]");

    emit(onNode, "shout", Map.of("n", 1));
    for (String c : List.of(onJava, onNode, elsewhere, onJava2)) assertThat(received(c, "shouted")).isEqualTo("[{\"n\":1}]");
    emit(onJava, "shout", "x".repeat(9_000));
    for (String c : List.of(onJava, onNode, elsewhere, onJava2)) {
      assertThat(received(c, "shouted")).isEqualTo("[\"" + "x".repeat(9_000) + "\"]");
    }
    assertThat(clients.seen(received(elsewhere).and(e -> e.path("ev").asText().equals("said")))).isEmpty();
  }

  @Test
  void serverSideEmitAndBroadcastAcksAreAnsweredByTheOtherSide() throws Exception {
    String onJava = client(java.port(), "/chat", "ack-room", "polling");
    String onNode = client(nodePort, "/chat", "ack-room", "websocket");

    assertThat(servers(ack(onJava, "sse", "p1"), "p1")).containsExactlyInAnyOrder("node", "java2");
    assertThat(servers(ack(onNode, "sse", "p2"), "p2")).containsExactlyInAnyOrder("java", "java2");

    for (String asker : List.of(onJava, onNode)) {
      JsonNode result = ack(asker, "ackall", "ack-room", "please");
      assertThat(result.get("err").isNull()).as(result.toString()).isTrue();
      assertThat(result.get("responses").toString()).isIn(
          "[\"ack-from-" + onJava + "\",\"ack-from-" + onNode + "\"]", "[\"ack-from-" + onNode + "\",\"ack-from-" + onJava + "\"]");
    }
    // Nobody in the room: each node reports a count of 0, and the ack completes at once, empty.
    assertThat(ack(onNode, "ackall", "empty-room", "x").toString()).isEqualTo("{\"err\":null,\"responses\":[]}");
    assertThat(ack(onJava, "ackall", "empty-room", "x").toString()).isEqualTo("{\"err\":null,\"responses\":[]}");
  }

  @Test
  void socketsJoinAndDisconnectSocketsReachTheOtherSidesSocketsAndFetchSocketsSeesThem() throws Exception {
    String onJava = client(java.port(), "/", "j1", "websocket");
    String onNode = client(nodePort, "/", "n1", "polling");

    assertThat(ack(onNode, "joinRoom", "j1", "both").asBoolean()).isTrue();
    assertThat(ack(onJava, "joinRoom", "n1", "both").asBoolean()).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> java.io().of("/").in("both").fetchSockets().get().size() == 2);
    List<RemoteSocket> both = java.io().of("/").in("both").fetchSockets().get(10, TimeUnit.SECONDS);
    assertThat(both).extracting(s -> ((JsonNode) s.data()).get("server").asText()).containsExactlyInAnyOrder("java", "node");

    // And Node's fetchSockets finds the Java node's socket, with its rooms and data.
    JsonNode fromNode = node.call(NodePeers.Lines.command("fetchSockets").put("nsp", "/").put("room", "both")).get("sockets");
    assertThat(fromNode).hasSize(2);
    JsonNode javaSocket = null;
    for (JsonNode s : fromNode) if (s.at("/data/server").asText().equals("java")) javaSocket = s;
    assertThat(javaSocket).as("the Java node's socket in " + fromNode).isNotNull();
    assertThat(javaSocket.get("data").toString()).isEqualTo("{\"server\":\"java\",\"room\":\"j1\"}");
    assertThat(javaSocket.get("rooms").toString()).contains("\"j1\"", "\"both\"");

    emit(onJava, "shout", "warm-up");
    received(onNode, "shouted");
    assertThat(ack(onJava, "kick", "both").asBoolean()).isTrue();
    for (String c : List.of(onJava, onNode)) {
      JsonNode d = clients.await(e -> e.path("event").asText().equals("disconnected") && e.path("name").asText().equals(c));
      assertThat(d.get("reason").asText()).isEqualTo("io server disconnect");
    }
  }

  @Test
  void aSessionNobodyHoldsGivesAFreshSocketAndNodeIgnoresTheTidingsOnlyRequest() throws Exception {
    ObjectNode c = NodePeers.Lines.command("connect").put("name", "stranger").put("url", "http://127.0.0.1:" + java.port())
        .put("nsp", "/").put("room", "s");
    c.putArray("transports").add("websocket");
    c.putObject("auth").put("pid", "no-such-pid").put("offset", "0000000000000000-1");
    JsonNode connected = clients.call(c);
    assertThat(connected.get("recovered").asBoolean()).isFalse();
    assertThat(ack("stranger", "whoami").asText()).isEqualTo("java");
    // Node saw the session request (a type it does not know) and went on: it still answers, with no error.
    assertThat(node.call(NodePeers.Lines.command("fetchSockets").put("nsp", "/").put("room", "s")).get("sockets").size()).isEqualTo(1);
  }

  @Test
  void binaryCrossesBothWaysThroughTheAttachmentTable() throws Exception {
    String onJava = client(java.port(), "/", "bin", "polling");
    String onNode = client(nodePort, "/", "bin", "websocket");
    ObjectNode c = NodePeers.Lines.command("emitBinary").put("name", onNode).put("event", "say").put("hex", "0a0b0c");
    clients.call(c);
    assertThat(received(onJava, "said")).isEqualTo("[{\"binary\":\"0a0b0c\"}]");
    clients.call(NodePeers.Lines.command("emitBinary").put("name", onJava).put("event", "shout").put("hex", "01ff"));
    assertThat(received(onNode, "shouted")).isEqualTo("[{\"binary\":\"01ff\"}]");
  }
}
