package io.tidings.bus.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.bus.AckListener;
import io.tidings.bus.BroadcastAcks;
import io.tidings.bus.BusMessage;
import io.tidings.bus.BusNamespace;
import io.tidings.bus.BusPublisher;
import io.tidings.bus.MessageType;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import io.tidings.testing.node.JsonLines;
import io.tidings.testing.node.NodeProject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real Node socket.io 4.8.4 server on {@code @socket.io/postgres-adapter} 0.5.0 and a {@link PostgresBus}
 * share one database and namespace {@code /}: each counts the other as a node, and server-side emits,
 * broadcasts through the attachment table and {@code fetchSockets} cross in both directions; a Java
 * broadcast with ack is answered by Node (types 11 and 12) for its real socket.io-client clients, and what
 * the Java emitter handle publishes reaches those clients.
 *
 * <p>The packages are installed from the npm registry into {@code target/node-interop}; the test fails if
 * that fails, and is skipped only when {@code node} is not installed.
 */
@Tag("postgres")
class NodeInteropTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** The Node packages and scripts, installed into {@code target/node-interop} (also for {@link NodeEmitterTest}). */
  static final NodeProject PROJECT = NodeProject.of(Path.of("src/test/node"), Path.of("target/node-interop"));

  @Test
  void aJavaBusAndANodeSocketIoServerWorkTogetherOnOneDatabase() throws Exception {
    NodeProject.assumeNode();
    PROJECT.install();
    PgTarget db = TestPostgres.newDatabase();
    try (TestBuses buses = new TestBuses()) {
      PostgresBus java = buses.start(TestBuses.config(db)
          .heartbeatInterval(PostgresBusConfig.DEFAULT_HEARTBEAT_INTERVAL)
          .heartbeatTimeout(PostgresBusConfig.DEFAULT_HEARTBEAT_TIMEOUT)
          .requestsTimeout(PostgresBusConfig.DEFAULT_REQUESTS_TIMEOUT).build());
      BusNamespace[] root = new BusNamespace[1];
      RecordingListener listener = new RecordingListener(m -> {
        if (m.type() == MessageType.FETCH_SOCKETS && !m.fromSelf()) {
          root[0].respond(m, MessageType.FETCH_SOCKETS_RESPONSE, javaSocket());
        }
      });
      root[0] = java.join("/", listener);

      Process node = PROJECT.start("interop.js", db.libpqEnv());
      try (NodeLines lines = new NodeLines(node)) {
        String nodeUid = lines.await(e -> e.path("event").asText().equals("ready")).get("uid").asText();

        // Each side counts the other as a live node.
        await().atMost(Duration.ofSeconds(20)).until(() -> root[0].peers().contains(nodeUid));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
            .until(() -> lines.call("{\"cmd\":\"serverCount\"}").get("value").asInt() == 2);

        // Node io.serverSideEmit reaches the Java listener.
        lines.call("{\"cmd\":\"serverSideEmit\",\"args\":[\"hello\",\"from-node\",1]}");
        BusMessage emitted = awaitMessage(listener, MessageType.SERVER_SIDE_EMIT);
        assertThat(emitted.uid()).isEqualTo(nodeUid);
        assertThat(emitted.data().get("packet").toString()).isEqualTo("[\"hello\",\"from-node\",1]");

        // A Java SERVER_SIDE_EMIT reaches Node's io.on("ev").
        root[0].publish(MessageType.SERVER_SIDE_EMIT, NODES.objectNode().set("packet", NODES.arrayNode().add("ev").add("from-java").add(42)));
        assertThat(lines.await(e -> e.path("event").asText().equals("ev")).get("args").toString()).isEqualTo("[\"from-java\",42]");

        // Java messages that need the attachment table (too big, binary) reach Node too.
        root[0].publish(MessageType.SERVER_SIDE_EMIT, NODES.objectNode().set("packet", NODES.arrayNode().add("ev").add("y".repeat(9_000))));
        root[0].publish(MessageType.SERVER_SIDE_EMIT, NODES.objectNode().set("packet", NODES.arrayNode().add("ev").add(new byte[] {7, 8, 9})));
        // Node reads attachment rows asynchronously, so these two may reach its handlers in either order.
        List<JsonNode> both = List.of(
            lines.await(e -> e.path("event").asText().equals("ev")),
            lines.await(e -> e.path("event").asText().equals("ev")));
        assertThat(both).anySatisfy(e -> assertThat(e.at("/args/0").asText()).hasSize(9_000));
        assertThat(both).anySatisfy(e -> assertThat(e.at("/args/0/binary").asText()).isEqualTo("070809"));
        assertThat(java.stats().attachmentsWritten()).isEqualTo(2);

        // A Node io.emit of 9000 characters arrives through the attachment table.
        lines.call("{\"cmd\":\"emitBig\",\"size\":9000}");
        BusMessage big = awaitMessage(listener, MessageType.BROADCAST);
        assertThat(big.data().at("/packet/data/0").asText()).isEqualTo("big");
        assertThat(big.data().at("/packet/data/1").asText()).hasSize(9_000);
        assertThat(java.stats().attachmentsRead()).isPositive();

        // Node's fetchSockets() completes with the socket Java answered with.
        JsonNode fetched = lines.call("{\"cmd\":\"fetchSockets\"}");
        assertThat(fetched.get("ids").toString()).isEqualTo("[\"java-socket-1\"]");
        assertThat(fetched.at("/data/0/from").asText()).isEqualTo("java");

        // Node's io.close() says ADAPTER_CLOSE, and the Java side sees it leave.
        lines.call("{\"cmd\":\"close\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> listener.events.contains("closed " + nodeUid));
        assertThat(node.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(java.stats().undecodableMessages()).isZero();
      } finally {
        node.toHandle().destroyForcibly();
        node.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aNodeServerAnswersABroadcastWithAckAndItsClientsReceiveWhatAnEmitterPublishes() throws Exception {
    NodeProject.assumeNode();
    PROJECT.install();
    PgTarget db = TestPostgres.newDatabase();
    PostgresBusConfig config = TestBuses.config(db)
        .heartbeatInterval(PostgresBusConfig.DEFAULT_HEARTBEAT_INTERVAL)
        .heartbeatTimeout(PostgresBusConfig.DEFAULT_HEARTBEAT_TIMEOUT)
        .requestsTimeout(PostgresBusConfig.DEFAULT_REQUESTS_TIMEOUT).build();
    try (TestBuses buses = new TestBuses()) {
      PostgresBus java = buses.start(config);
      BusNamespace root = java.join("/", new RecordingListener());
      Process node = PROJECT.start("interop.js", db.libpqEnv());
      try (NodeLines lines = new NodeLines(node)) {
        String nodeUid = lines.await(e -> e.path("event").asText().equals("ready")).get("uid").asText();
        lines.call("{\"cmd\":\"listen\",\"clients\":[\"c1\",\"c2\"]}");
        await().atMost(Duration.ofSeconds(20)).until(() -> root.peers().contains(nodeUid));

        // Java broadcasts with ack; Node's two clients acknowledge; Node answers 11 (count 2), then 12 twice.
        List<String> streamed = new CopyOnWriteArrayList<>();
        ObjectNode data = NODES.objectNode();
        data.putObject("packet").put("type", 2).putArray("data").add("ackme").add("please");
        ObjectNode opts = data.putObject("opts");
        opts.putArray("rooms");
        opts.putArray("except");
        opts.putObject("flags").put("timeout", 20_000);
        BroadcastAcks acks = root.broadcastWithAck(data, Duration.ofSeconds(20), new AckListener() {
          @Override public void onClientCount(String uid, int clientCount) { streamed.add("count " + uid + " " + clientCount); }
          @Override public void onAck(BusMessage ack) { streamed.add("ack " + ack.data().get("packet").asText()); }
        }).get(30, TimeUnit.SECONDS);

        assertThat(acks.complete()).isTrue();
        assertThat(acks.clientCounts()).isEqualTo(Map.of(nodeUid, 2));
        assertThat(acks.acks()).extracting(m -> m.data().get("packet").asText()).containsExactlyInAnyOrder("ack-from-c1", "ack-from-c2");
        assertThat(acks.acks()).allSatisfy(m -> assertThat(m.uid()).isEqualTo(nodeUid));
        // Node's adapter sends each response with its own pool query, so a client's BROADCAST_ACK may
        // commit before the BROADCAST_CLIENT_COUNT that announced it: the bus must take either order.
        assertThat(streamed).containsExactlyInAnyOrder("count " + nodeUid + " 2", "ack ack-from-c1", "ack ack-from-c2");
        for (String client : List.of("c1", "c2")) {
          JsonNode got = lines.await(e -> e.path("event").asText().equals("client") && e.path("client").asText().equals(client));
          assertThat(got.get("name").asText()).isEqualTo("ackme");
          assertThat(got.get("args").toString()).isEqualTo("[\"please\"]");
        }

        // An emitter's broadcasts (inline, through the table for size, through the table for binary) reach
        // the Node server's clients, and the emitter is never a node, on either side.
        try (BusPublisher emitter = PostgresBus.publisher(config).get(30, TimeUnit.SECONDS)) {
          emitter.publish("/", MessageType.BROADCAST, emitted("fromEmitter", NODES.textNode("E1")));
          emitter.publish("/", MessageType.BROADCAST, emitted("fromEmitterBig", NODES.textNode("z".repeat(9_000))));
          emitter.publish("/", MessageType.BROADCAST, emitted("fromEmitterBin", NODES.binaryNode(new byte[] {9, 9})));
          // Node reads attachment rows asynchronously, so the three may reach a client in any order.
          for (String client : List.of("c1", "c2")) {
            Predicate<JsonNode> ofClient = e -> e.path("event").asText().equals("client") && e.path("client").asText().equals(client);
            assertThat(lines.find(ofClient.and(e -> e.path("name").asText().equals("fromEmitter"))).get("args").toString())
                .isEqualTo("[\"E1\"]");
            assertThat(lines.find(ofClient.and(e -> e.path("name").asText().equals("fromEmitterBig"))).at("/args/0").asText())
                .hasSize(9_000);
            assertThat(lines.find(ofClient.and(e -> e.path("name").asText().equals("fromEmitterBin"))).at("/args/0/binary").asText())
                .isEqualTo("0909");
          }
          assertThat(emitter.stats().attachmentsWritten()).isEqualTo(2);
          assertThat(lines.call("{\"cmd\":\"serverCount\"}").get("value").asInt()).isEqualTo(2);
          assertThat(root.peers()).containsExactly(nodeUid);
        }

        lines.call("{\"cmd\":\"close\"}");
        assertThat(node.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(java.stats().undecodableMessages()).isZero();
      } finally {
        node.toHandle().destroyForcibly();
        node.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** A BROADCAST to everyone of {@code event} with one argument, as the Node emitter writes it (packet nsp included). */
  private static ObjectNode emitted(String event, JsonNode arg) {
    ObjectNode data = NODES.objectNode();
    ObjectNode packet = data.putObject("packet").put("type", 2);
    packet.putArray("data").add(event).add(arg);
    packet.put("nsp", "/");
    ObjectNode opts = data.putObject("opts");
    opts.putArray("rooms");
    opts.putArray("except");
    opts.putObject("flags");
    return data;
  }

  private static ObjectNode javaSocket() {
    ObjectNode socket = NODES.objectNode().put("id", "java-socket-1");
    socket.putObject("handshake").put("address", "127.0.0.1").put("url", "/socket.io/?EIO=4&transport=websocket");
    socket.putArray("rooms").add("java-socket-1");
    socket.putObject("data").put("from", "java");
    ObjectNode data = NODES.objectNode();
    data.putArray("sockets").add(socket);
    return data;
  }

  private static BusMessage awaitMessage(RecordingListener listener, int type) {
    await().atMost(Duration.ofSeconds(20)).until(() -> !listener.fromPeers(type).isEmpty());
    return listener.fromPeers(type).getFirst();
  }

  /** The Node process's stdout as JSON events, and its stdin for commands. */
  /**
   * Node's lines in the order it printed them: {@link #await} goes on after the last line it returned,
   * {@link #find} looks from the first line on.
   */
  private static final class NodeLines implements AutoCloseable {
    private final JsonLines lines;
    private int cursor;

    NodeLines(Process node) {
      lines = new JsonLines("interop.js", node, JsonLines.Options.DEFAULTS);
    }

    /** Sends a command and returns Node's answer to it (the event named like the command). */
    JsonNode call(String command) throws Exception {
      String name = JSON.readTree(command).get("cmd").asText();
      lines.send(command);
      return await(e -> e.path("event").asText().equals(name));
    }

    JsonNode await(Predicate<JsonNode> wanted) {
      int i = lines.awaitIndex(cursor, wanted);
      cursor = i + 1;
      return lines.get(i);
    }

    /** Like {@link #await}, but also among the lines already passed over. */
    JsonNode find(Predicate<JsonNode> wanted) {
      return lines.await(wanted);
    }

    @Override
    public void close() {
      lines.close();
    }
  }
}
