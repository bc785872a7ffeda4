package io.tidings.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Node's {@code socket.io-client} 4.8.4 running {@code src/test/node/sio-client/client.js}: its JSON lines,
 * and its stdin for commands. The npm packages are installed into {@code target/node-sio-client} once per
 * run, as the engine's {@code NodeClientTest} does.
 */
final class NodeClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SOURCES = Path.of("src/test/node/sio-client");
  private static final Path WORK = Path.of("target/node-sio-client");
  private static boolean installed;

  private final Process process;
  private final Writer stdin;
  private final List<JsonNode> lines = new CopyOnWriteArrayList<>();
  private final Set<Integer> claimed = new HashSet<>();

  private NodeClient(Process process) {
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) lines.add(JSON.readTree(line));
      } catch (IOException e) {
        // the process ended
      }
    }, "node-sio-client-reader");
    reader.setDaemon(true);
    reader.start();
  }

  static boolean nodeInstalled() {
    String path = System.getenv("PATH");
    if (path == null) return false;
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "node"))) return true;
    }
    return false;
  }

  /** Starts client.js against {@code port} with {@code env} (TRANSPORTS, PARSER, AUTH, NSP). */
  static NodeClient start(int port, Map<String, String> env) throws IOException, InterruptedException {
    install();
    ProcessBuilder pb = new ProcessBuilder("node", "client.js").directory(WORK.toFile())
        .redirectError(WORK.resolve("client-stderr.log").toFile());
    pb.environment().put("URL", "http://127.0.0.1:" + port);
    pb.environment().putAll(env);
    return new NodeClient(pb.start());
  }

  void send(String command) throws IOException {
    stdin.write(command + "\n");
    stdin.flush();
  }

  /** The first line matching {@code test} that no earlier call returned; fails after 20 s. */
  synchronized JsonNode await(Predicate<JsonNode> test) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      List<JsonNode> all = List.copyOf(lines);
      for (int i = 0; i < all.size(); i++) {
        if (!claimed.contains(i) && test.test(all.get(i))) {
          claimed.add(i);
          return all.get(i);
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("node printed nothing matching within 20 s: " + lines);
  }

  JsonNode await(String event) throws InterruptedException {
    return await(e -> e.path("event").asText().equals(event));
  }

  JsonNode awaitIncoming(String name) throws InterruptedException {
    return await(e -> e.path("event").asText().equals("incoming") && e.path("name").asText().equals(name));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
  }

  private static synchronized void install() throws IOException, InterruptedException {
    if (installed) return;
    Files.createDirectories(WORK);
    for (String file : List.of("package.json", "client.js")) {
      Files.copy(SOURCES.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error")
        .directory(WORK.toFile())
        .redirectErrorStream(true)
        .redirectOutput(WORK.resolve("npm-install.log").toFile())
        .start();
    try {
      boolean finished = npm.waitFor(5, TimeUnit.MINUTES);
      assertThat(finished).as("npm install finished within 5 minutes").isTrue();
      assertThat(npm.exitValue()).as("npm install exit code; see " + WORK.resolve("npm-install.log") + ":\n"
          + Files.readString(WORK.resolve("npm-install.log"))).isZero();
    } finally {
      npm.toHandle().destroyForcibly();
    }
    installed = true;
  }
}
