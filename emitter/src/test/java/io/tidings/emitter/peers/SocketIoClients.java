package io.tidings.emitter.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.testing.node.JsonLines;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Real socket.io-client 4.8.4 clients (npm, run by Node) connected to <b>any</b> Socket.IO v4 server URL: a
 * {@link NodeSocketIoServer}, or a Tidings Socket.IO node. Each client connects over WebSocket, on a connection
 * of its own, with the handshake auth {@code {"name": <name>, "rooms": [...]}}; a server used with these
 * clients joins each socket to the rooms it names on connection (Node: {@code socket.join(socket.handshake.auth.rooms)}).
 * Everything a client receives is recorded: events with their arguments (binary shown as
 * {@code {"binary":"<hex>"}}), and its disconnection with the reason.
 *
 * <p>Thread-safe. Closing disconnects every client and ends the process.
 */
public final class SocketIoClients implements AutoCloseable {

  private final JsonLines process;

  private SocketIoClients(JsonLines process) {
    this.process = process;
    process.await(e -> e.path("event").asText().equals("ready"));
  }

  /** Starts the clients' process (no client connected yet). */
  public static SocketIoClients start() throws IOException {
    return new SocketIoClients(NodePeers.start("clients.js", Map.of()));
  }

  /**
   * Connects client {@code name} to namespace {@code nsp} of the server at {@code url}, asking to be in
   * {@code rooms}; returns once it is connected, with its socket id.
   */
  public String connect(String name, String url, String nsp, String... rooms) {
    ObjectNode command = JsonLines.command("connect").put("name", name).put("url", url).put("nsp", nsp);
    ArrayNode list = command.putArray("rooms");
    for (String room : rooms) list.add(room);
    return process.call(command).get("id").asText();
  }

  /** The arguments of the first {@code event} client {@code name} received, waiting for it. */
  public JsonNode awaitEvent(String name, String event) {
    return process.await(received(name, event)).get("args");
  }

  /** The events client {@code name} received so far (event names), in order. */
  public List<String> events(String name) {
    return process.events(e -> e.path("event").asText().equals("client") && e.path("client").asText().equals(name))
        .stream().map(e -> e.get("name").asText()).toList();
  }

  /** The arguments of every {@code event} client {@code name} received so far, in order. */
  public List<JsonNode> allOf(String name, String event) {
    return process.events(received(name, event)).stream().map(e -> e.get("args")).toList();
  }

  /** The reason client {@code name} was disconnected ({@code "io server disconnect"}…), waiting for it. */
  public String awaitDisconnect(String name) {
    return process.await(e -> e.path("event").asText().equals("disconnect") && e.path("client").asText().equals(name))
        .get("reason").asText();
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

  private static Predicate<JsonNode> received(String name, String event) {
    return e -> e.path("event").asText().equals("client") && e.path("client").asText().equals(name)
        && e.path("name").asText().equals(event);
  }
}
