package io.tidings.examples.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.bus.postgres.PostgresBus;
import io.tidings.bus.postgres.PostgresBusConfig;
import io.tidings.socketio.cluster.PostgresAdapterFactory;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Tidings node killed with SIGKILL (no ADAPTER_CLOSE) is dropped by the others within the heartbeat
 * timeout: a Tidings node's {@code serverCount} goes back down, and a Node node's {@code serverSideEmit} with
 * ack completes with the survivors' answers alone instead of waiting for the dead one.
 */
@Tag("postgres")
class NodeFailureTest {

  private static final Logger log = LoggerFactory.getLogger(NodeFailureTest.class);

  @Test
  void aNodeKilledWithoutGoodbyeIsDroppedByJavaAndNodePeers() throws Exception {
    NodePeers.assumeNode();
    PgTarget db = TestPostgres.newDatabase();
    // Every node here on Node's defaults: heartbeats every 5 s, gone after 10 s of silence.
    PostgresBusConfig config = TwoTidingsNodesTest.busConfig(db)
        .heartbeatInterval(PostgresBusConfig.DEFAULT_HEARTBEAT_INTERVAL)
        .heartbeatTimeout(PostgresBusConfig.DEFAULT_HEARTBEAT_TIMEOUT).build();
    Process killed = null;
    try (PostgresBus bus = PostgresBus.start(config).get(30, TimeUnit.SECONDS);
         InteropApp survivor = InteropApp.start("java", PostgresAdapterFactory.on(bus, config.requestsTimeout()), false, 0, "127.0.0.1");
         NodePeers.Lines node = NodePeers.start("interop-server.js", NodePeers.serverEnv(db, "node"));
         NodePeers.Lines clients = NodePeers.start("clients.js", Map.of())) {
      int nodePort = node.await(e -> e.path("event").asText().equals("ready")).get("port").asInt();
      killed = startInteropProcess(db, "doomed");
      await().atMost(Duration.ofSeconds(60)).until(() -> survivor.io().of("/").adapter().serverCount().get() == 3);

      clients.await(e -> e.path("event").asText().equals("ready"));
      ObjectNode connect = NodePeers.Lines.command("connect").put("name", "c").put("url", "http://127.0.0.1:" + nodePort).put("room", "");
      connect.putArray("transports").add("websocket");
      clients.call(connect);
      // Node knows all three: its serverSideEmit waits for two answers and gets them.
      await().atMost(Duration.ofSeconds(30)).until(() -> sse(clients).get("responses").size() == 2);

      killed.destroyForcibly(); // SIGKILL: no ADAPTER_CLOSE
      assertThat(killed.waitFor(10, TimeUnit.SECONDS)).isTrue();
      long killedAt = System.nanoTime();
      await().atMost(Duration.ofSeconds(30)).until(() -> survivor.io().of("/").adapter().serverCount().get() == 2);
      log.info("The killed node was dropped by the Java node after {} ms (heartbeat timeout {} ms)",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt), config.heartbeatTimeout().toMillis());

      // Node dropped it too: its serverSideEmit completes with the Java node's answer alone, without error.
      await().atMost(Duration.ofSeconds(30)).until(() -> sse(clients).get("err").isNull());
      assertThat(sse(clients).toString()).isEqualTo("{\"err\":null,\"responses\":[{\"server\":\"java\",\"payload\":\"who\"}]}");
    } finally {
      if (killed != null) killed.destroyForcibly();
    }
  }

  @Test
  void aNodeStoppedWithSigtermSaysGoodbyeInEveryNamespace() throws Exception {
    PgTarget db = TestPostgres.newDatabase();
    PostgresBusConfig config = TwoTidingsNodesTest.busConfig(db).build();
    Map<String, List<String>> left = new java.util.concurrent.ConcurrentHashMap<>();
    try (PostgresBus watcher = PostgresBus.start(config).get(30, TimeUnit.SECONDS)) {
      for (String nsp : List.of("/", "/chat")) {
        left.put(nsp, new java.util.concurrent.CopyOnWriteArrayList<>());
        watcher.join(nsp, new io.tidings.bus.BusListener() {
          @Override public void onMessage(io.tidings.bus.BusMessage m) {}
          @Override public void onNodeJoined(String uid) { left.get(nsp).add("joined " + uid); }
          @Override public void onNodeLeft(String uid, boolean timedOut) { left.get(nsp).add((timedOut ? "timed out " : "closed ") + uid); }
        });
      }
      Process stopped = startInteropProcess(db, "leaving");
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> left.values().stream().allMatch(events -> !events.isEmpty()));
        String uid = left.get("/").get(0).substring("joined ".length());
        stopped.destroy(); // SIGTERM: the example's shutdown hook closes the server, then the bus
        assertThat(stopped.waitFor(30, TimeUnit.SECONDS)).isTrue();
        for (String nsp : List.of("/", "/chat")) {
          await().atMost(Duration.ofSeconds(10)).until(() -> left.get(nsp).size() == 2);
          assertThat(left.get(nsp)).as(nsp).containsExactly("joined " + uid, "closed " + uid);
        }
      } finally {
        stopped.destroyForcibly();
      }
    }
  }

  private static JsonNode sse(NodePeers.Lines clients) throws Exception {
    ObjectNode c = NodePeers.Lines.command("emit").put("name", "c").put("event", "sse").put("ack", true);
    c.putArray("args").add("who");
    return clients.call(c).get("ack");
  }

  /** {@code ./tidings example interop} without the jar: the examples' Main on the tests' classpath. */
  private static Process startInteropProcess(PgTarget db, String name) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-Xmx256m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.tidings.examples.Main");
    cmd.add("interop");
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(db.libpqEnv());
    pb.environment().put("SERVER_NAME", name);
    pb.environment().put("PORT", "0");
    pb.environment().put("HOST", "127.0.0.1");
    File out = NodePeers.PROJECT.work().resolve("interop-" + name + ".log").toFile();
    Files.createDirectories(NodePeers.PROJECT.work());
    pb.redirectErrorStream(true).redirectOutput(out);
    return pb.start();
  }
}
