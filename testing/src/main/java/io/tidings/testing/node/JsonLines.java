package io.tidings.testing.node;

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
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A process (a Node test script) that prints one JSON object a line and takes commands, one a line, on its
 * stdin. Every line it prints is kept, in order, as a JSON event; a line that is not JSON is kept as
 * {@code {"event":"text","line":…}}. Nothing is ever dropped, so the scripts' several ways of being read
 * are views of one log:
 * <ul>
 *   <li>{@link #awaitIndex}/{@link #awaitFrom}: the first matching line at or after an index (a caller's
 *       cursor, or {@link #size()} taken before a command);</li>
 *   <li>{@link #take}: the first matching line no earlier {@code take} returned, so a test can wait for
 *       lines in any order;</li>
 *   <li>{@link #call}: a command and the script's answer to it, the next line named like the command.</li>
 * </ul>
 * With {@link Options#failOnErrorLines}, a line {@code {"event":"error",…}} fails the first wait that
 * reaches it (that one only: a script shared by several tests fails the test that caused it).
 *
 * <p><b>Threading:</b> a daemon thread reads stdout until the process ends; every method may be called from
 * any thread. <b>Ownership:</b> this object owns the process: {@link #close} ends it by its handle.
 */
public final class JsonLines implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * How long waits last, whether an error line fails a wait, and how {@link #close} ends the process: by
   * closing its stdin first (scripts that exit when their input ends) or by SIGTERM first.
   */
  public record Options(Duration timeout, boolean failOnErrorLines, boolean closeStdinFirst) {

    /** 30 s waits, error lines fail, SIGTERM first. */
    public static final Options DEFAULTS = new Options(Duration.ofSeconds(30), true, false);

    public Options withTimeout(Duration timeout) {
      return new Options(timeout, failOnErrorLines, closeStdinFirst);
    }

    public Options withFailOnErrorLines(boolean fail) {
      return new Options(timeout, fail, closeStdinFirst);
    }

    public Options withCloseStdinFirst(boolean first) {
      return new Options(timeout, failOnErrorLines, first);
    }
  }

  private final String name;
  private final Process process;
  private final Options options;
  private final Writer commands;
  /** Every line read, in order. Guarded by itself; waiters wait on it. */
  private final List<JsonNode> lines = new ArrayList<>();
  /** Indexes {@link #take} returned. Guarded by {@link #lines}. */
  private final BitSet taken = new BitSet();
  /** Indexes of error lines that already failed a wait. Guarded by {@link #lines}. */
  private final BitSet reported = new BitSet();
  /** Set once stdout ended. Guarded by {@link #lines}. */
  private boolean ended;

  public JsonLines(String name, Process process, Options options) {
    this.name = name;
    this.process = process;
    this.options = options;
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
        // the process ended
      } finally {
        synchronized (lines) {
          ended = true;
          lines.notifyAll();
        }
      }
    });
  }

  /** Starts {@code script} of {@code project} (installing it first if needed) with {@code environment} added. */
  public static JsonLines start(NodeProject project, String script, Map<String, String> environment, Options options)
      throws IOException {
    return new JsonLines(script, project.start(script, environment), options);
  }

  /** A new command object {@code {"cmd": cmd}}. */
  public static ObjectNode command(String cmd) {
    return JSON.createObjectNode().put("cmd", cmd);
  }

  public Process process() {
    return process;
  }

  /** Writes {@code line} and a newline to the script's stdin. */
  public void send(String line) {
    synchronized (commands) {
      try {
        commands.write(line + "\n");
        commands.flush();
      } catch (IOException e) {
        throw new IllegalStateException(name + " does not take commands any more", e);
      }
    }
  }

  /** Sends {@code command} (its {@code cmd} names it) and returns the script's answer: the next line so named. */
  public JsonNode call(ObjectNode command) {
    int from = size();
    send(command.toString());
    String cmd = command.get("cmd").asText();
    return awaitFrom(from, e -> e.path("event").asText().equals(cmd));
  }

  /** How many lines were read so far: an index for {@link #awaitFrom}. */
  public int size() {
    synchronized (lines) {
      return lines.size();
    }
  }

  /** Line {@code index} (which must have been read). */
  public JsonNode get(int index) {
    synchronized (lines) {
      return lines.get(index);
    }
  }

  /** The first line ever read that matches, waiting for it if needed. */
  public JsonNode await(Predicate<JsonNode> wanted) {
    return awaitFrom(0, wanted);
  }

  /** The first line read at or after index {@code from} that matches, waiting for it if needed. */
  public JsonNode awaitFrom(int from, Predicate<JsonNode> wanted) {
    return get(awaitIndex(from, wanted));
  }

  /** The index of the first line at or after {@code from} that matches, waiting for it if needed. */
  public int awaitIndex(int from, Predicate<JsonNode> wanted) {
    return awaitIndex(from, wanted, System.nanoTime() + options.timeout().toNanos());
  }

  /** The first matching line that no earlier {@code take} returned, waiting for it if needed. */
  public JsonNode take(Predicate<JsonNode> wanted) {
    long deadline = System.nanoTime() + options.timeout().toNanos();
    synchronized (lines) {
      for (int from = 0; ; ) {
        int i = awaitIndex(from, wanted, deadline);
        if (!taken.get(i)) {
          taken.set(i);
          return lines.get(i);
        }
        from = i + 1;
      }
    }
  }

  /** Every line read so far that matches, in order. */
  public List<JsonNode> events(Predicate<JsonNode> wanted) {
    synchronized (lines) {
      return lines.stream().filter(wanted).toList();
    }
  }

  /** Every line read so far that matches and that {@link #take} has not returned, in order. */
  public List<JsonNode> untaken(Predicate<JsonNode> wanted) {
    synchronized (lines) {
      List<JsonNode> left = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        if (!taken.get(i) && wanted.test(lines.get(i))) left.add(lines.get(i));
      }
      return left;
    }
  }

  private int awaitIndex(int from, Predicate<JsonNode> wanted, long deadline) {
    synchronized (lines) {
      for (int i = from; ; i++) {
        while (i >= lines.size()) {
          long left = deadline - System.nanoTime();
          if (left <= 0 || ended) {
            throw new AssertionError(name + " sent no matching line within " + options.timeout().toSeconds() + " s"
                + (ended ? " (its output ended)" : "") + "; it sent " + abbreviated(lines));
          }
          try {
            lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + name, e);
          }
        }
        JsonNode e = lines.get(i);
        if (options.failOnErrorLines() && e.path("event").asText().equals("error") && !reported.get(i)) {
          reported.set(i);
          throw new AssertionError(name + " reported an error: " + e);
        }
        if (wanted.test(e)) return i;
      }
    }
  }

  /** Ends the process (see {@link Options#closeStdinFirst}), by its handle; SIGKILL when it does not end. */
  @Override
  public void close() {
    ProcessHandle handle = process.toHandle();
    try {
      if (options.closeStdinFirst()) {
        try {
          commands.close();
        } catch (IOException ignored) {
          // it exited already
        }
        if (process.waitFor(5, TimeUnit.SECONDS)) return;
      }
      handle.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        handle.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
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
