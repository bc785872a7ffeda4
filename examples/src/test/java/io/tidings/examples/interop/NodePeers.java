package io.tidings.examples.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.testing.PgTarget;
import io.tidings.testing.node.NodeProject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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

  private static final ObjectMapper JSON = new ObjectMapper();
  static final NodeProject PROJECT = NodeProject.of(Path.of("src/test/node/interop"), Path.of("target/node-interop"));

  private NodePeers() {}

  static void assumeNode() {
    NodeProject.assumeNode("npm");
  }

  /** Starts {@code script} with {@code env} added, installing the packages first if needed. */
  static Lines start(String script, Map<String, String> env) throws IOException {
    return new Lines(script, PROJECT.start(script, env));
  }

  /** A Node process's stdout as JSON events and its stdin for commands. Used by one test thread. */
  static final class Lines implements AutoCloseable {
    private final String script;
    private final Process process;
    private final Writer commands;
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    Lines(String script, Process process) {
      this.script = script;
      this.process = process;
      this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      Thread.ofPlatform().daemon().name("node-" + script).start(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = in.readLine()) != null; ) {
            try {
              events.add(JSON.readTree(line));
            } catch (IOException notJson) {
              events.add(JSON.createObjectNode().put("event", "text").put("line", line));
            }
          }
        } catch (IOException ended) {
          // the process ended
        }
      });
    }

    static ObjectNode command(String cmd) {
      return JSON.createObjectNode().put("cmd", cmd);
    }

    Process process() {
      return process;
    }

    /** Sends {@code command} and waits for its answer (the line with its {@code cmd} as event and its id). */
    JsonNode call(ObjectNode command) throws Exception {
      int id = ids.incrementAndGet();
      command.put("id", id);
      synchronized (commands) {
        commands.write(command + "\n");
        commands.flush();
      }
      return await(e -> e.path("id").asInt(-1) == id && !e.path("event").asText().equals("text"));
    }

    /** The first line (since the last one taken) matching {@code wanted}; fails on an error line or after 30 s. */
    JsonNode await(Predicate<JsonNode> wanted) throws InterruptedException {
      for (JsonNode e : seen) {
        if (wanted.test(e)) {
          seen.remove(e);
          return e;
        }
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        JsonNode e = events.poll(100, TimeUnit.MILLISECONDS);
        if (e == null) continue;
        if (e.path("event").asText().equals("error")) throw new AssertionError(script + " reported an error: " + e);
        if (wanted.test(e)) return e;
        seen.add(e);
      }
      throw new AssertionError(script + " did not send the expected line within 30 s; it sent " + seen);
    }

    /** Every line matching {@code wanted} seen so far (not taken), in order. */
    List<JsonNode> seen(Predicate<JsonNode> wanted) throws InterruptedException {
      for (JsonNode e; (e = events.poll()) != null; ) seen.add(e);
      return seen.stream().filter(wanted).toList();
    }

    /** Asks the process to stop (SIGTERM), then ends it. */
    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  /** Environment for {@code interop-server.js}: {@code db}, {@code SERVER_NAME}. */
  static Map<String, String> serverEnv(PgTarget db, String name) {
    Map<String, String> env = new HashMap<>(db.libpqEnv());
    env.put("SERVER_NAME", name);
    return env;
  }
}
