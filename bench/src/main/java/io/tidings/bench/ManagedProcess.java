package io.tidings.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A server process the bench started: pinned with {@code taskset}, its output in a log file, stopped by
 * its own PID (SIGTERM, then SIGKILL after a grace period; its descendants too) — on success, on
 * failure, and from a shutdown hook if the bench itself is interrupted. Nothing is ever stopped by name.
 *
 * <p>Thread-safe.
 */
public final class ManagedProcess implements AutoCloseable {

  private static final Set<ManagedProcess> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(ManagedProcess::close), "bench-cleanup"));
  }

  private final String name;
  private final Process process;
  private final Path log;

  private ManagedProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code command} on CPU {@code cpus} (a taskset list such as "0", or null for no pinning) in
   * {@code dir} with {@code env} added to the bench's environment.
   */
  public static ManagedProcess start(String name, String cpus, List<String> command, Path dir, Map<String, String> env,
      Path logDir) {
    List<String> cmd = new ArrayList<>();
    if (cpus != null) {
      cmd.add("taskset");
      cmd.add("-c");
      cmd.add(cpus);
    }
    cmd.addAll(command);
    try {
      Files.createDirectories(logDir);
      Path log = logDir.resolve(name + ".log");
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile());
      pb.environment().putAll(env);
      ManagedProcess p = new ManagedProcess(name, pb.start(), log);
      RUNNING.add(p);
      return p;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name + ": " + e.getMessage(), e);
    }
  }

  public String name() {
    return name;
  }

  /** The process id (taskset and the launchers exec, so this is the server's own). */
  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  public boolean alive() {
    return process.isAlive();
  }

  /**
   * Waits until {@code port} on 127.0.0.1 accepts connections.
   *
   * @throws IllegalStateException when the process died or the port stayed closed
   */
  public void awaitPort(int port, long timeoutSeconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IllegalStateException(name + " exited at start; see " + log + "\n" + tail());
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        SubscriberPool.sleepMillis(100);
      }
    }
    throw new IllegalStateException(name + " did not open port " + port + " within " + timeoutSeconds + " s; see " + log);
  }

  /** The last lines of the log (for error messages). */
  public String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  /** SIGTERM, up to 10 s, then SIGKILL; the same for any descendant left. Idempotent. */
  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    for (ProcessHandle c : children) {
      if (c.isAlive()) c.destroyForcibly();
    }
    RUNNING.remove(this);
  }
}
