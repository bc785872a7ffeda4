package io.tidings.socketio.engine;

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
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Node's {@code engine.io-client} 6.6.8 (what socket.io-client 4.8.4 uses) against the Tidings engine: it
 * opens over polling, upgrades to WebSocket by itself, and exchanges text and binary both ways, with
 * heartbeats running at 300 ms; a second client uses WebSocket alone.
 *
 * <p>The package is installed from the npm registry into {@code target/node-engine-client}; the test fails
 * if that fails, and is skipped only when {@code node} is not installed.
 */
class NodeClientTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SOURCES = Path.of("src/test/node/engine-client");
  private static final Path WORK = Path.of("target/node-engine-client");

  @Test
  void nodesClientOpensOverPollingUpgradesAndExchangesTextAndBinary() throws Exception {
    Assumptions.assumeTrue(onPath("node"), "node is not installed");
    install();
    try (EngineTestServer server = EngineTestServer.start(EngineOptions.newBuilder().path("/engine.io/")
        .pingInterval(Duration.ofMillis(300)).pingTimeout(Duration.ofMillis(2000)).build());
         NodeClient node = NodeClient.start(server.port(), "polling,websocket")) {
      JsonNode open = node.await(e -> e.path("event").asText().equals("open"));
      String sid = open.get("id").asText();
      assertThat(open.get("transport").asText()).isEqualTo("polling");
      assertThat(server.await("connection " + sid)).isEqualTo("connection " + sid + " polling");

      node.await(e -> e.path("event").asText().equals("upgrade"));
      assertThat(server.await("upgrade " + sid)).isEqualTo("upgrade " + sid + " websocket");

      node.send("{\"cmd\":\"send\",\"text\":\"héllo from node\"}");
      node.send("{\"cmd\":\"sendBinary\",\"hex\":\"00ff10\"}");
      assertThat(node.await(e -> e.path("data").asText().equals("héllo from node")).get("transport").asText())
          .isEqualTo("websocket");
      node.await(e -> e.path("data").asText().equals("binary:00ff10"));

      server.socket(sid).sendText("from java");
      server.socket(sid).sendBinary(new byte[] {7, 7});
      node.await(e -> e.path("data").asText().equals("from java"));
      node.await(e -> e.path("data").asText().equals("binary:0707"));
      node.await(e -> e.path("event").asText().equals("ping"));
      node.await(e -> e.path("event").asText().equals("ping"));

      node.send("{\"cmd\":\"close\"}");
      assertThat(node.await(e -> e.path("event").asText().equals("close")).get("reason").asText())
          .isEqualTo("forced close");
      assertThat(server.await("close " + sid)).isEqualTo("close " + sid + " transport close");
    }
  }

  @Test
  void nodesClientOverPollingAloneSendsBinaryAsBase64AndHearsTheServerClose() throws Exception {
    Assumptions.assumeTrue(onPath("node"), "node is not installed");
    install();
    try (EngineTestServer server = EngineTestServer.start(EngineOptions.newBuilder().path("/engine.io/").build());
         NodeClient node = NodeClient.start(server.port(), "polling")) {
      String sid = node.await(e -> e.path("event").asText().equals("open")).get("id").asText();

      node.send("{\"cmd\":\"sendBinary\",\"hex\":\"0102\"}");
      node.send("{\"cmd\":\"send\",\"text\":\"close-me\"}");

      node.await(e -> e.path("data").asText().equals("binary:0102"));
      node.await(e -> e.path("data").asText().equals("close-me"));
      assertThat(node.await(e -> e.path("event").asText().equals("close")).get("reason").asText())
          .isEqualTo("transport close");
      assertThat(server.await("close " + sid)).isEqualTo("close " + sid + " forced close");
    }
  }

  @Test
  void nodesClientOverWebSocketAlone() throws Exception {
    Assumptions.assumeTrue(onPath("node"), "node is not installed");
    install();
    try (EngineTestServer server = EngineTestServer.start(EngineOptions.newBuilder().path("/engine.io/").build());
         NodeClient node = NodeClient.start(server.port(), "websocket")) {
      JsonNode open = node.await(e -> e.path("event").asText().equals("open"));
      String sid = open.get("id").asText();
      assertThat(open.get("transport").asText()).isEqualTo("websocket");

      node.send("{\"cmd\":\"send\",\"text\":\"over ws\"}");
      node.await(e -> e.path("data").asText().equals("over ws"));

      server.socket(sid).close();
      assertThat(node.await(e -> e.path("event").asText().equals("close")).get("reason").asText())
          .isEqualTo("transport close");
      assertThat(server.await("close " + sid)).isEqualTo("close " + sid + " forced close");
    }
  }

  /** A running client.js: its JSON lines, and its stdin for commands. */
  private static final class NodeClient implements AutoCloseable {
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
      }, "node-client-reader");
      reader.setDaemon(true);
      reader.start();
    }

    static NodeClient start(int port, String transports) throws IOException {
      ProcessBuilder pb = new ProcessBuilder("node", "client.js").directory(WORK.toFile())
          .redirectError(WORK.resolve("client-stderr.log").toFile());
      pb.environment().put("URL", "http://127.0.0.1:" + port);
      pb.environment().put("TRANSPORTS", transports);
      return new NodeClient(pb.start());
    }

    void send(String command) throws IOException {
      stdin.write(command + "\n");
      stdin.flush();
    }

    /** The first line matching {@code test} that no earlier call returned; fails after 15 s. */
    JsonNode await(Predicate<JsonNode> test) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
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
      throw new AssertionError("node printed nothing matching within 15 s: " + lines);
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
    }
  }

  private static void install() throws IOException, InterruptedException {
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
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) return false;
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) return true;
    }
    return false;
  }
}
