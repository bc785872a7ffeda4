package io.tidings.emitter.peers;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.testing.PgTarget;
import io.tidings.testing.node.JsonLines;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A Node socket.io 4.8.4 server on {@code @socket.io/postgres-adapter} 0.5.0 (default options: channel prefix
 * {@code socket.io}, table {@code socket_io_attachments}) in a process of its own, on a test database: a real
 * cluster node for the emitter to reach. Its sockets join the rooms their handshake names (see
 * {@link SocketIoClients}). Closing it closes the server ({@code io.close()}: ADAPTER_CLOSE) and the process.
 *
 * <p>Thread-safe.
 */
public final class NodeSocketIoServer implements AutoCloseable {

  private final JsonLines process;
  private final String uid;
  private final String url;

  private NodeSocketIoServer(JsonLines process) {
    this.process = process;
    this.uid = process.await(e -> e.path("event").asText().equals("ready")).get("uid").asText();
    this.url = process.call(JsonLines.command("listen")).get("url").asText();
  }

  /** Starts a server on {@code db} with namespaces {@code /} and {@code namespaces}, listening on a loopback port. */
  public static NodeSocketIoServer start(PgTarget db, String... namespaces) throws IOException {
    List<String> all = new ArrayList<>(List.of("/"));
    all.addAll(List.of(namespaces));
    Map<String, String> env = new HashMap<>(db.libpqEnv());
    env.put("NAMESPACES", String.join(",", all));
    return new NodeSocketIoServer(NodePeers.start("server.js", env));
  }

  /** {@code http://127.0.0.1:<port>}, for {@link SocketIoClients#connect}. */
  public String url() {
    return url;
  }

  /** The adapter's uid in namespace {@code /}. */
  public String uid() {
    return uid;
  }

  /** {@code io.of(nsp).adapter.serverCount()}: 1 plus the nodes it hears. */
  public int serverCount(String nsp) {
    return process.call(JsonLines.command("serverCount").put("nsp", nsp)).get("value").asInt();
  }

  /** This server's rooms in {@code nsp} (socket-id rooms left out), each with the names of its sockets, sorted. */
  public Map<String, List<String>> rooms(String nsp) {
    JsonNode rooms = process.call(JsonLines.command("rooms").put("nsp", nsp)).get("rooms");
    Map<String, List<String>> out = new java.util.TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = rooms.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> room = it.next();
      List<String> names = new ArrayList<>();
      room.getValue().forEach(n -> names.add(n.asText()));
      out.put(room.getKey(), names);
    }
    return out;
  }

  /** Registers {@code io.of(nsp).on(event, …)}, which reports every server-side emit of {@code event}. */
  public void onServerSide(String nsp, String event) {
    process.call(JsonLines.command("onServerSide").put("nsp", nsp).put("name", event));
  }

  /** The arguments of the first server-side {@code event} this server's handler received, waiting for it. */
  public JsonNode awaitServerSide(String event) {
    return process.await(e -> e.path("event").asText().equals("serverSide") && e.path("name").asText().equals(event))
        .get("args");
  }

  /** The arguments of every server-side {@code event} this server's handler received so far, in order. */
  public List<JsonNode> serverSideEvents(String event) {
    return process.events(e -> e.path("event").asText().equals("serverSide") && e.path("name").asText().equals(event))
        .stream().map(e -> e.get("args")).toList();
  }

  @Override
  public void close() {
    try {
      process.call(JsonLines.command("close"));
    } catch (AssertionError alreadyGone) {
      // It exited or stopped answering; the process is ended below either way.
    } finally {
      process.close();
    }
  }
}
