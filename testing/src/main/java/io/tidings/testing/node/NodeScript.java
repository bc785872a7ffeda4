package io.tidings.testing.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A running Node script that prints one JSON object a line and takes commands, one a line, on its stdin
 * (the test clients' {@code client.js}). {@link #await} returns the first line that matches and that no
 * earlier call returned, in the order the script printed them, so a test can wait for lines in any order.
 *
 * <p><b>Threading:</b> a daemon thread reads stdout until the process ends; {@link #send} and {@link #await}
 * may be called from any thread. <b>Ownership:</b> {@link #close} ends the process (SIGTERM, then SIGKILL
 * after 5 s).
 */
public final class NodeScript implements AutoCloseable {

  /** How long {@link #await} waits for a matching line. */
  public static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Writer stdin;
  private final List<JsonNode> lines = new CopyOnWriteArrayList<>();
  /** Indexes of {@link #lines} already returned; guarded by {@code this}. */
  private final Set<Integer> claimed = new HashSet<>();

  private NodeScript(Process process, String name) {
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread.ofPlatform().daemon().name(name + "-stdout").start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) lines.add(JSON.readTree(line));
      } catch (IOException e) {
        // The process ended (or printed something that is not JSON, which no await will match).
      }
    });
  }

  /** Starts {@code script} of {@code project} (installing it first if needed) with {@code environment} added. */
  public static NodeScript start(NodeProject project, String script, Map<String, String> environment) throws IOException {
    return new NodeScript(project.start(script, environment), "node-" + script);
  }

  /** Writes {@code command} and a newline to the script's stdin. */
  public synchronized void send(String command) throws IOException {
    stdin.write(command + "\n");
    stdin.flush();
  }

  /** The first line matching {@code test} that no earlier call returned; fails after {@link #WAIT}. */
  public synchronized JsonNode await(Predicate<JsonNode> test) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      List<JsonNode> all = List.copyOf(lines);
      for (int i = 0; i < all.size(); i++) {
        if (!claimed.contains(i) && test.test(all.get(i))) {
          claimed.add(i);
          return all.get(i);
        }
      }
      wait(10);
    }
    throw new AssertionError("node printed nothing matching within " + WAIT.toSeconds() + " s: " + lines);
  }

  /** The first unreturned line whose {@code event} is {@code event}. */
  public JsonNode await(String event) throws InterruptedException {
    return await(e -> e.path("event").asText().equals(event));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
  }
}
