package io.tidings.examples.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.bus.postgres.PostgresBus;
import io.tidings.bus.postgres.PostgresBusConfig;
import io.tidings.emitter.Emitter;
import io.tidings.emitter.EmitterOptions;
import io.tidings.emitter.JdbcEmitter;
import io.tidings.socketio.cluster.PostgresAdapterFactory;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
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
 * Emitters into a mixed cluster (a Tidings node and a Node socket.io 4.8.4 + {@code @socket.io/postgres-adapter}
 * 0.5.0 node): what the Node {@code @socket.io/postgres-emitter} 0.1.1 publishes reaches the Tidings node's clients
 * (Node 0.5.0 drops it for want of a top-level {@code nsp}, wire reference §2); what the Java emitter publishes,
 * through its own session or inside a JDBC transaction, reaches the clients of both.
 */
@Tag("postgres")
class EmittersTest {

  private static PgTarget db;
  private static PostgresBus bus;
  private static InteropApp java;
  private static NodePeers.Lines node;
  private static NodePeers.Lines clients;

  @BeforeAll
  static void cluster() throws Exception {
    NodePeers.assumeNode();
    db = TestPostgres.newDatabase();
    PostgresBusConfig config = TwoTidingsNodesTest.busConfig(db)
        .heartbeatInterval(PostgresBusConfig.DEFAULT_HEARTBEAT_INTERVAL)
        .heartbeatTimeout(PostgresBusConfig.DEFAULT_HEARTBEAT_TIMEOUT).build();
    bus = PostgresBus.start(config).get(30, TimeUnit.SECONDS);
    java = InteropApp.start("java", PostgresAdapterFactory.on(bus, config.requestsTimeout()), false, 0, "127.0.0.1");
    node = NodePeers.start("interop-server.js", NodePeers.serverEnv(db, "node"));
    int nodePort = node.await(e -> e.path("event").asText().equals("ready")).get("port").asInt();
    await().atMost(Duration.ofSeconds(20)).until(() -> java.io().of("/").adapter().serverCount().get() == 2);
    clients = NodePeers.start("clients.js", Map.of());
    clients.await(e -> e.path("event").asText().equals("ready"));
    for (String[] c : List.of(new String[] {"onJava", "/", Integer.toString(java.port())},
        new String[] {"onNode", "/", Integer.toString(nodePort)},
        new String[] {"chatOnJava", "/chat", Integer.toString(java.port())})) {
      ObjectNode cmd = NodePeers.Lines.command("connect").put("name", c[0]).put("url", "http://127.0.0.1:" + c[2])
          .put("nsp", c[1]).put("room", "r1");
      cmd.putArray("transports").add("websocket");
      clients.call(cmd);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (clients != null) clients.close();
    if (node != null) node.close();
    if (java != null) java.close();
    if (bus != null) bus.shutdown().get(30, TimeUnit.SECONDS);
  }

  private static Predicate<JsonNode> received(String client, String ev) {
    return e -> e.path("event").asText().equals("received") && e.path("name").asText().equals(client)
        && e.path("ev").asText().equals(ev);
  }

  /** The arguments of {@code ev} as {@code client} received it, the recovery offset left out. */
  private static String args(String client, String ev) throws Exception {
    JsonNode args = clients.await(received(client, ev)).get("args");
    StringBuilder out = new StringBuilder("[");
    for (JsonNode a : args) {
      if (a.isTextual() && ClusterClient.OFFSET.matcher(a.asText()).matches()) continue;
      if (out.length() > 1) out.append(',');
      out.append(a);
    }
    return out.append(']').toString();
  }

  @Test
  void theNodeEmittersMessagesReachTheTidingsNodesClientsAlthoughTheyLackATopLevelNsp() throws Exception {
    ProcessBuilder pb = NodePeers.PROJECT.node("emitter.js").redirectErrorStream(true);
    pb.environment().putAll(db.libpqEnv());
    Process emitter = pb.start();
    try {
      assertThat(emitter.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(new String(emitter.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("{\"event\":\"done\"}");
    } finally {
      emitter.toHandle().destroyForcibly();
    }
    assertThat(args("onJava", "fromEmitter")).isEqualTo("[\"E1\"]");
    assertThat(args("onJava", "fromEmitterRoom")).isEqualTo("[\"E2\"]");
    assertThat(args("onJava", "fromEmitterBin")).isEqualTo("[{\"binary\":\"0909\"}]");
    assertThat(args("chatOnJava", "fromEmitterChat")).isEqualTo("[3]");
    // Node's own adapter 0.5.0 drops all of them (no top-level nsp): its client got none, as the reference says.
    assertThat(clients.seen(e -> e.path("name").asText().equals("onNode") && e.path("ev").asText().startsWith("fromEmitter"))).isEmpty();
  }

  @Test
  void theJavaEmittersMessagesReachTheClientsOfBothNodes() throws Exception {
    try (Emitter emitter = Emitter.create(EmitterOptions.builder().host(db.host()).port(db.port()).database(db.database())
        .user(db.user()).password(db.password()).build())) {
      emitter.to("r1").emit("fromJava", "J1").get(10, TimeUnit.SECONDS);
      emitter.emit("fromJavaBin", (Object) new byte[] {7, 8}).get(10, TimeUnit.SECONDS);
      emitter.emit("fromJavaBig", "y".repeat(9_000)).get(10, TimeUnit.SECONDS);
    }
    for (String c : List.of("onJava", "onNode")) {
      assertThat(args(c, "fromJava")).isEqualTo("[\"J1\"]");
      assertThat(args(c, "fromJavaBin")).isEqualTo("[{\"binary\":\"0708\"}]");
      assertThat(args(c, "fromJavaBig")).isEqualTo("[\"" + "y".repeat(9_000) + "\"]");
    }
  }

  @Test
  void aJdbcEmitGoesOutAtCommitAndNeverOnRollback() throws Exception {
    JdbcEmitter emitter = JdbcEmitter.create(EmitterOptions.defaults());
    try (Connection c = TestPostgres.connect(db)) {
      c.setAutoCommit(false);
      emitter.on(c).to("r1").emit("rolledBack", 1);
      c.rollback();
      emitter.on(c).to("r1").emit("committed", 2);
      c.commit();
    }
    for (String client : List.of("onJava", "onNode")) assertThat(args(client, "committed")).isEqualTo("[2]");
    assertThat(clients.seen(e -> e.path("ev").asText().equals("rolledBack"))).isEmpty();
  }
}
