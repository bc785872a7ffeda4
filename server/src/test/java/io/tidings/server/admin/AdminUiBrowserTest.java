package io.tidings.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidings.server.support.TestServer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Socket.IO Admin UI, as Tidings serves it, in a real browser: Debian's {@code chromium} driven by
 * {@code playwright-core}, with {@code pusher-js} (and {@code socket.io-client}) as the clients it shows.
 * The browser logs in (wrong credentials first: refused), sees the servers, the clients' sockets and their
 * rooms (a Pusher presence channel), an event in the stream, and disconnects a socket, which its client sees.
 * {@code src/test/node/admin-ui/e2e.js} does the driving; the npm packages are installed into
 * {@code target/admin-ui-e2e}; screenshots land in {@code target/admin-ui-screenshots}.
 *
 * <p>Skipped, saying why, when {@code /usr/bin/chromium} or {@code node} is missing
 * ({@code apt-get install -y chromium}).
 */
class AdminUiBrowserTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Path SOURCES = Path.of("src/test/node/admin-ui");
  static final Path WORK = Path.of("target/admin-ui-e2e");
  static final Path SCREENSHOTS = Path.of("target/admin-ui-screenshots");

  @Test
  void aBrowserLogsInSeesTheServerItsConnectionsAndEventsAndDisconnectsOne() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")),
        "/usr/bin/chromium is missing: apt-get install -y chromium to run the admin UI in a browser");
    Assumptions.assumeTrue(onPath("node") && onPath("npm"), "node and npm are needed to drive the browser");
    install();
    try (TestServer pusher = TestServer.start(Map.of(
        "SOKETI_ADMIN_UI_ENABLED", "true",
        "SOKETI_ADMIN_UI_PASSWORD_HASH", PusherAdminModelTest.CHANGEIT,
        "SOKETI_ADMIN_UI_SERVER_ID", "tidings-pusher-1",
        "SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES", "true"))) {
      ObjectNode cfg = JSON.createObjectNode();
      cfg.put("uiUrl", pusher.httpBase() + "/admin-ui/");
      cfg.put("serverUrl", pusher.httpBase());
      cfg.put("username", "admin");
      cfg.put("password", "changeit");
      cfg.put("wrongPassword", "changeme");
      cfg.putArray("servers").add("tidings-pusher-1");
      cfg.putObject("pusher").put("port", pusher.port()).put("key", TestServer.APP_KEY).put("secret", TestServer.APP_SECRET)
          .put("namespace", "/" + TestServer.APP_ID);
      cfg.put("screenshots", SCREENSHOTS.toAbsolutePath().toString());
      List<JsonNode> steps = run(cfg);
      List<String> names = steps.stream().map(s -> s.path("step").asText()).toList();
      assertThat(names).containsSubsequence("pusher-js connected", "wrong credentials refused", "logged in", "servers shown",
          "pusher-js socket shown", "pusher channel shown as a room", "pusher client event in the stream",
          "pusher-js disconnected from the UI", "done");
      assertThat(Files.size(SCREENSHOTS.resolve("admin-ui-dashboard.png"))).isPositive();
    }
  }

  /** Runs the driver with {@code cfg}; its steps, or a failure with everything it printed. */
  static List<JsonNode> run(ObjectNode cfg) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("node", "e2e.js").directory(WORK.toFile()).redirectErrorStream(true);
    pb.environment().put("E2E", cfg.toString());
    Process node = pb.start();
    List<String> lines = new ArrayList<>();
    try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(node.getInputStream()))) {
      Thread reader = Thread.ofVirtual().start(() -> out.lines().forEach(lines::add));
      boolean finished = node.waitFor(4, TimeUnit.MINUTES);
      if (!finished) node.destroyForcibly();
      reader.join(5_000);
      assertThat(finished).as("the browser test finished within 4 minutes; it printed:\n" + String.join("\n", lines)).isTrue();
      assertThat(node.exitValue()).as("the browser test's exit code; it printed:\n" + String.join("\n", lines)).isZero();
    } finally {
      node.toHandle().destroyForcibly();
    }
    List<JsonNode> steps = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("{")) steps.add(JSON.readTree(line));
    }
    return steps;
  }

  static void install() throws IOException, InterruptedException {
    Files.createDirectories(WORK);
    for (String file : List.of("package.json", "e2e.js")) {
      Files.copy(SOURCES.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    if (Files.isDirectory(WORK.resolve("node_modules/playwright-core"))
        && Files.isDirectory(WORK.resolve("node_modules/pusher-js"))
        && Files.isDirectory(WORK.resolve("node_modules/socket.io-client"))) {
      return;
    }
    Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error")
        .directory(WORK.toFile()).redirectErrorStream(true).redirectOutput(WORK.resolve("npm-install.log").toFile()).start();
    try {
      boolean finished = npm.waitFor(5, TimeUnit.MINUTES);
      assertThat(finished).as("npm install finished within 5 minutes").isTrue();
      assertThat(npm.exitValue()).as("npm install exit code; see " + WORK.resolve("npm-install.log") + ":\n"
          + Files.readString(WORK.resolve("npm-install.log"))).isZero();
    } finally {
      npm.toHandle().destroyForcibly();
    }
  }

  static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) return false;
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) return true;
    }
    return false;
  }
}
