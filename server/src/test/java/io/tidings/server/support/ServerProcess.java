package io.tidings.server.support;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Tidings node in its own JVM process ({@code Main start}, the same classpath as the tests), for what
 * an in-process server cannot show: signals, exit codes, a node killed with SIGKILL, several nodes.
 * Output lines are kept for assertions. {@link #close} kills the process if it still runs.
 * {@link #run} runs another command of {@code Main} (such as {@code apps …}) to its end.
 */
public final class ServerProcess implements AutoCloseable {

  private static final Pattern STARTED = Pattern.compile("Tidings started on [^:]+:(\\d+)");
  private static final Pattern METRICS = Pattern.compile("metrics server on [^:]+:(\\d+)");
  private static final Pattern BUS = Pattern.compile("Bus ([0-9a-f]{16}) started");

  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private volatile int port = -1;
  private volatile int metricsPort = -1;

  private final Thread reader;

  private ServerProcess(Process process) {
    this.process = process;
    reader = new Thread(this::pump, "server-process-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts a node with the test defaults plus {@code env}; waits until it listens. */
  public static ServerProcess start(Map<String, String> env, String... args) {
    Map<String, String> all = new HashMap<>();
    all.put("SOKETI_HOST", "127.0.0.1");
    all.put("SOKETI_PORT", "0");
    all.put("SOKETI_METRICS_SERVER_PORT", "0");
    all.put("SOKETI_METRICS_HOST", "127.0.0.1");
    all.putAll(env);
    List<String> mainArgs = new ArrayList<>();
    mainArgs.add("start");
    mainArgs.addAll(List.of(args));
    ProcessBuilder pb = main(all, mainArgs).redirectErrorStream(true);
    try {
      ServerProcess sp = new ServerProcess(pb.start());
      sp.awaitStarted();
      return sp;
    } catch (IOException e) {
      throw new AssertionError("could not start a server process", e);
    }
  }

  /** What a command run to its end printed, and its exit code. */
  public record Finished(int exitCode, List<String> out, List<String> err) {
    /** Standard output as one string. */
    public String stdout() {
      return String.join("\n", out);
    }

    /** Standard error as one string. */
    public String stderr() {
      return String.join("\n", err);
    }
  }

  /**
   * Runs {@code Main} with {@code args} (for example {@code apps list}) and {@code env} in a child JVM
   * with no other {@code SOKETI_*} variable, and waits for it to exit (at most 60 s).
   */
  public static Finished run(Map<String, String> env, String... args) {
    Process p;
    try {
      ProcessBuilder pb = main(env, List.of(args));
      // A short-lived command: start fast rather than run fast.
      pb.command().addAll(1, List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
      p = pb.start();
    } catch (IOException e) {
      throw new AssertionError("could not start " + String.join(" ", args), e);
    }
    try {
      p.getOutputStream().close();
      var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> lines(p.getInputStream()));
      var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> lines(p.getErrorStream()));
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail(String.join(" ", args) + " did not finish within 60 s");
      }
      return new Finished(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    } catch (Exception e) {
      p.destroyForcibly();
      throw new AssertionError(e);
    }
  }

  /**
   * {@code java … io.tidings.server.Main} on the tests' classpath: what {@code ./tidings} runs, without
   * the jar (which the {@code package} phase builds only after the tests). Add the arguments.
   */
  public static List<String> mainCommand() {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("--enable-native-access=ALL-UNNAMED");
    if (Runtime.version().feature() >= 24) cmd.add("--sun-misc-unsafe-memory-access=allow");
    cmd.add("-Xmx256m");
    // The production logging setup, not the tests' quiet one: the start line carries the port.
    cmd.add("-Dlogback.configurationFile=logback.xml");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.tidings.server.Main");
    return cmd;
  }

  /** {@code java … io.tidings.server.Main args} on the tests' classpath, in an empty temporary directory. */
  private static ProcessBuilder main(Map<String, String> env, List<String> args) {
    List<String> cmd = mainCommand();
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().keySet().removeIf(k -> k.startsWith("SOKETI_"));
    pb.environment().putAll(env);
    try {
      java.io.File dir = Files.createTempDirectory("tidings-node").toFile();
      dir.deleteOnExit(); // it stays empty
      pb.directory(dir); // no stray .env
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return pb;
  }

  private static List<String> lines(java.io.InputStream in) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return r.lines().toList();
    } catch (IOException e) {
      return List.of("<unreadable: " + e + ">");
    }
  }

  private void pump() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        output.add(line);
        Matcher m = STARTED.matcher(line);
        Matcher mm = METRICS.matcher(line);
        if (mm.find()) metricsPort = Integer.parseInt(mm.group(1));
        if (m.find()) port = Integer.parseInt(m.group(1));
      }
    } catch (IOException ignored) {
      // the process ended
    }
  }

  private void awaitStarted() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (port < 0) {
      if (!process.isAlive()) fail("the server process exited with " + process.exitValue() + ":\n" + String.join("\n", output));
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        fail("the server process did not start within 30 s:\n" + String.join("\n", output));
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  public int port() {
    return port;
  }

  /** The metrics server's port ({@code /ready}, {@code /metrics}). */
  public int metricsPort() {
    return metricsPort;
  }

  public long pid() {
    return process.pid();
  }

  /** The node's uid on the PostgreSQL bus (its sessions' {@code application_name} is {@code tidings-bus <uid>}). */
  public String busUid() {
    for (String line : output) {
      Matcher m = BUS.matcher(line);
      if (m.find()) return m.group(1);
    }
    throw new AssertionError("no bus start line in the output:\n" + String.join("\n", output));
  }

  public String wsUrl(String key) {
    return "ws://127.0.0.1:" + port + "/app/" + key + "?protocol=7&client=java&version=test";
  }

  public String httpBase() {
    return "http://127.0.0.1:" + port;
  }

  /** The Prometheus text of {@code /metrics} (the node needs {@code SOKETI_METRICS_ENABLED=true}). */
  public String scrape() {
    try {
      var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) throw new AssertionError("/metrics answered " + r.statusCode());
      return r.body();
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** One unlabelled sample of {@link #scrape}, 0 when absent. */
  public double metric(String name) {
    return PrometheusText.valueOrZero(scrape(), name, Map.of());
  }

  /** Every line the process printed so far. */
  public List<String> output() {
    return List.copyOf(output);
  }

  /**
   * Sends SIGTERM. Through the process handle: {@link Process#destroy} would also close our end of the
   * output pipe, losing the lines the node writes while it stops.
   */
  public void terminate() {
    process.toHandle().destroy();
  }

  /** Sends SIGKILL. */
  public void kill() {
    process.destroyForcibly();
  }

  /** Waits for the process to end; returns its exit code. */
  public int awaitExit(long seconds) {
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) fail("the server process still runs after " + seconds + " s");
      reader.join(TimeUnit.SECONDS.toMillis(5)); // its last lines may still be in the pipe
      return process.exitValue();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Writes {@code json} to a temporary config file and returns its path (for {@code --config=}). */
  public static Path configFile(String json) {
    try {
      Path f = Files.createTempFile("tidings-config", ".json");
      Files.writeString(f, json);
      f.toFile().deleteOnExit();
      return f;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
