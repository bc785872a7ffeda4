package io.tidings.examples.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.bus.postgres.PostgresBusConfig;
import io.tidings.socketio.RemoteSocket;
import io.tidings.testing.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Connection state recovery across nodes: a socket.io-client 4.8.4 client whose transport dropped on node A
 * comes back on node B with A's pid and last offset, and gets {@code recovered == true}, its id, its rooms and
 * every packet it missed, from either node, in the order B delivered them.
 */
@Tag("postgres")
class CrossNodeRecoveryTest {

  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) opened.get(i).close();
  }

  @Test
  void aClientDroppedOnOneNodeRecoversOnAnotherWithEverythingItMissedInOrder() throws Exception {
    NodePeers.assumeNode();
    PostgresBusConfig config = TwoTidingsNodesTest.busConfig(TestPostgres.newDatabase()).build();
    InteropApp a = TwoTidingsNodesTest.node("A", config, opened);
    InteropApp b = TwoTidingsNodesTest.node("B", config, opened);
    await().atMost(Duration.ofSeconds(10)).until(() -> a.io().of("/").adapter().serverCount().get() == 2
        && b.io().of("/").adapter().serverCount().get() == 2);
    NodePeers.Lines clients = NodePeers.start("clients.js", Map.of());
    opened.add(clients);
    clients.await(e -> e.path("event").asText().equals("ready"));

    JsonNode first = connect(clients, "first", a, null);
    connect(clients, "watcher", b, null);
    String sid = first.get("sid").asText();

    send(clients, b, "r1", 1);
    assertThat(news(clients, "first")).isEqualTo(1);

    clients.call(NodePeers.Lines.command("drop").put("name", "first"));
    // A noticed the transport close and kept the session.
    await().atMost(Duration.ofSeconds(10)).until(() -> a.io().of("/").fetchSockets().get().stream().noneMatch(s -> s.id().equals(sid)));

    send(clients, b, "r1", 2);
    send(clients, a, "r1", 3);
    send(clients, a, null, 4); // to everyone
    b.io().of("/").to("elsewhere").emit("news", 99); // not for it
    send(clients, b, "r1", 5);

    JsonNode back = connect(clients, "back", b, "first");
    assertThat(back.get("recovered").asBoolean()).as("recovered").isTrue();
    assertThat(back.get("sid").asText()).isEqualTo(sid);
    List<Integer> missed = new ArrayList<>();
    for (int i = 0; i < 4; i++) missed.add(news(clients, "back"));
    assertThat(missed).containsExactly(2, 3, 4, 5);

    // Its rooms came back with it: r1 reaches it on B, and A's fetchSockets finds it there. (Its data came back
    // too, but the app's connection handler, which runs for a recovered socket as in Node, set B's.)
    send(clients, a, "r1", 6);
    assertThat(news(clients, "back")).isEqualTo(6);
    List<RemoteSocket> found = a.io().of("/").in("r1").fetchSockets().get(10, TimeUnit.SECONDS);
    RemoteSocket recovered = found.stream().filter(s -> s.id().equals(sid)).findFirst().orElseThrow();
    assertThat(((JsonNode) recovered.data()).toString()).isEqualTo("{\"server\":\"B\",\"room\":\"r1\"}");
    assertThat(recovered.rooms()).contains("r1", sid);
    assertThat(clients.seen(e -> e.path("name").asText().equals("back") && e.path("ev").asText().equals("news")
        && e.at("/args/0").asInt() == 99)).isEmpty();
  }

  /** Connects a client in room r1 to {@code node}, presenting {@code recoverFrom}'s session when not null. */
  private static JsonNode connect(NodePeers.Lines clients, String name, InteropApp node, String recoverFrom) throws Exception {
    ObjectNode c = NodePeers.Lines.command("connect").put("name", name).put("url", "http://127.0.0.1:" + node.port())
        .put("room", "r1");
    c.putArray("transports").add("websocket");
    if (recoverFrom != null) c.put("recoverFrom", recoverFrom);
    return clients.call(c);
  }

  /** Emits {@code news n} from {@code node} to {@code room} (everyone when null); waits until the watcher on B has it. */
  private static void send(NodePeers.Lines clients, InteropApp node, String room, int n) throws Exception {
    if (room == null) node.io().of("/").emit("news", n); else node.io().of("/").to(room).emit("news", n);
    assertThat(news(clients, "watcher")).isEqualTo(n);
  }

  /** The number of the next {@code news} that {@code client} received. */
  private static int news(NodePeers.Lines clients, String client) throws Exception {
    return clients.await(e -> e.path("event").asText().equals("received") && e.path("name").asText().equals(client)
        && e.path("ev").asText().equals("news")).at("/args/0").asInt();
  }
}
