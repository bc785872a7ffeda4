package io.tidings.examples.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.testing.PgTarget;
import io.tidings.testing.node.JsonLines;
import io.tidings.testing.node.NodeProject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The Node side of the cluster tests ({@code src/test/node/interop}: socket.io 4.8.4,
 * {@code @socket.io/postgres-adapter} 0.5.0, {@code @socket.io/postgres-emitter} 0.1.1, socket.io-client 4.8.4),
 * installed from the npm registry into {@code target/node-interop} once per JVM, and its scripts as processes
 * that talk JSON lines. A test using them is skipped when {@code node} is not installed, and fails when npm fails.
 *
 * <p>Thread-safe.
 */
final class NodePeers {

  static final NodeProject PROJECT = NodeProject.of(Path.of("src/test/node/interop"), Path.of("target/node-interop"));

  private NodePeers() {}

  static void assumeNode() {
    NodeProject.assumeNode("npm");
  }

  /** Starts {@code script} with {@code env} added, installing the packages first if needed. */
  static Lines start(String script, Map<String, String> env) throws IOException {
    return new Lines(script, PROJECT.start(script, env));
  }

  /**
   * A Node process's lines and its stdin for commands: {@link #await} takes each line once (lines passed over
   * stay for later calls), {@link #call} answers by the command's id. Over {@link JsonLines}.
   */
  static final class Lines implements AutoCloseable {
    private final JsonLines lines;
    private final AtomicInteger ids = new AtomicInteger();

    Lines(String script, Process process) {
      this.lines = new JsonLines(script, process, JsonLines.Options.DEFAULTS);
    }

    static ObjectNode command(String cmd) {
      return JsonLines.command(cmd);
    }

    Process process() {
      return lines.process();
    }

    /** Sends {@code command} and waits for its answer (the line with its {@code cmd} as event and its id). */
    JsonNode call(ObjectNode command) {
      int id = ids.incrementAndGet();
      command.put("id", id);
      lines.send(command.toString());
      return await(e -> e.path("id").asInt(-1) == id && !e.path("event").asText().equals("text"));
    }

    /** The first line not taken yet matching {@code wanted}; fails on an error line or after 30 s. */
    JsonNode await(Predicate<JsonNode> wanted) {
      return lines.take(wanted);
    }

    /** Every line matching {@code wanted} read so far and not taken, in order. */
    List<JsonNode> seen(Predicate<JsonNode> wanted) {
      return lines.untaken(wanted);
    }

    /** Asks the process to stop (SIGTERM), then ends it. */
    @Override
    public void close() {
      lines.close();
    }
  }

  /** Environment for {@code interop-server.js}: {@code db}, {@code SERVER_NAME}. */
  static Map<String, String> serverEnv(PgTarget db, String name) {
    Map<String, String> env = new HashMap<>(db.libpqEnv());
    env.put("SERVER_NAME", name);
    return env;
  }
}
