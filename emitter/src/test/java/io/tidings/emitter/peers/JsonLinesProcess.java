package io.tidings.emitter.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Node script driven by JSON lines: commands written to its stdin, every line of its stdout kept as a JSON
 * event ({@code {"event": …}}). A line {@code {"event":"error"}} fails whoever waits. Closing destroys the
 * process (by its handle, i.e. its PID) if it has not exited.
 *
 * <p>Thread-safe: a reader thread appends, test threads wait and read.
 */
public final class JsonLinesProcess implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final Process process;
  private final Writer commands;
  private final List<JsonNode> lines = new ArrayList<>();

  JsonLinesProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread.ofPlatform().daemon().name(name + "-stdout").start(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          JsonNode event;
          try {
            event = JSON.readTree(line);
          } catch (IOException notJson) {
            event = JSON.createObjectNode().put("event", "text").put("line", line);
          }
          synchronized (lines) {
            lines.add(event);
            lines.notifyAll();
          }
        }
      } catch (IOException ended) {
        // The process ended.
      }
    });
  }

  /** Sends {@code command} (its {@code cmd} names it) and returns the script's answer, the next event so named. */
  public JsonNode call(ObjectNode command) {
    int from = size();
    try {
      commands.write(JSON.writeValueAsString(command) + "\n");
      commands.flush();
    } catch (IOException e) {
      throw new IllegalStateException(name + " does not take commands any more", e);
    }
    String cmd = command.get("cmd").asText();
    return awaitFrom(from, e -> e.path("event").asText().equals(cmd));
  }

  /** A new command object {@code {"cmd": cmd}}. */
  public static ObjectNode command(String cmd) {
    return JSON.createObjectNode().put("cmd", cmd);
  }

  /** The first event ever read that matches, waiting for it if needed. */
  public JsonNode await(Predicate<JsonNode> wanted) {
    return awaitFrom(0, wanted);
  }

  /** The first event read at or after index {@code from} that matches, waiting for it if needed. */
  public JsonNode awaitFrom(int from, Predicate<JsonNode> wanted) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    synchronized (lines) {
      for (int i = from; ; i++) {
        while (i >= lines.size()) {
          long left = deadline - System.nanoTime();
          if (left <= 0 || !process.isAlive() && i >= lines.size()) {
            throw new AssertionError(name + " sent no matching line within " + WAIT.toSeconds() + " s"
                + (process.isAlive() ? "" : " (it exited)") + "; it sent " + abbreviated(lines));
          }
          try {
            lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
          }
        }
        JsonNode e = lines.get(i);
        if (e.path("event").asText().equals("error")) {
          throw new AssertionError(name + " reported an error: " + e);
        }
        if (wanted.test(e)) {
          return e;
        }
      }
    }
  }

  /** Every event read so far that matches, in order. */
  public List<JsonNode> events(Predicate<JsonNode> wanted) {
    synchronized (lines) {
      return lines.stream().filter(wanted).toList();
    }
  }

  /** How many lines were read so far: an index for {@link #awaitFrom}. */
  public int size() {
    synchronized (lines) {
      return lines.size();
    }
  }

  @Override
  public void close() {
    try {
      commands.close();
    } catch (IOException ignored) {
      // It exited already.
    }
    ProcessHandle handle = process.toHandle();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        handle.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          handle.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      handle.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static List<String> abbreviated(List<JsonNode> lines) {
    return lines.stream().map(JsonNode::toString).map(s -> s.length() <= 200 ? s : s.substring(0, 200) + "…").toList();
  }
}
