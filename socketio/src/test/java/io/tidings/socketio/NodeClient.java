package io.tidings.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidings.testing.node.JsonLines;
import io.tidings.testing.node.NodeProject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Node's {@code socket.io-client} 4.8.4 running {@code src/test/node/sio-client/client.js}: its JSON lines,
 * and its stdin for commands. The npm packages are installed into {@code target/node-sio-client} once per
 * run.
 */
final class NodeClient implements AutoCloseable {

  private static final NodeProject PROJECT = NodeProject.of(Path.of("src/test/node/sio-client"), Path.of("target/node-sio-client"));

  private final JsonLines script;

  private NodeClient(JsonLines script) {
    this.script = script;
  }

  /** Starts client.js against {@code port} with {@code env} (TRANSPORTS, PARSER, AUTH, NSP). */
  static NodeClient start(int port, Map<String, String> env) throws IOException {
    Map<String, String> all = new HashMap<>();
    all.put("URL", "http://127.0.0.1:" + port);
    all.putAll(env);
    return new NodeClient(JsonLines.start(PROJECT, "client.js", all,
        JsonLines.Options.DEFAULTS.withTimeout(Duration.ofSeconds(20)).withFailOnErrorLines(false)));
  }

  void send(String command) throws IOException {
    script.send(command);
  }

  /** The first line matching {@code test} that no earlier call returned; fails after 20 s. */
  JsonNode await(Predicate<JsonNode> test) throws InterruptedException {
    return script.take(test);
  }

  JsonNode await(String event) throws InterruptedException {
    return script.take(e -> e.path("event").asText().equals(event));
  }

  JsonNode awaitIncoming(String name) throws InterruptedException {
    return await(e -> e.path("event").asText().equals("incoming") && e.path("name").asText().equals(name));
  }

  @Override
  public void close() throws InterruptedException {
    script.close();
  }
}
