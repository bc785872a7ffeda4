package io.tidings.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The chat's page in a real browser: Debian's {@code chromium} driven by {@code playwright-core}
 * ({@code src/test/node/chat/e2e.js}). Two people, in two browser contexts, pick nicknames, see each other
 * join and type, talk, and one leaves; the page runs on the browser client the server serves itself. The
 * npm package is installed into {@code target/chat-e2e}; the screenshot lands in
 * {@code target/chat-screenshots/chat.png}.
 *
 * <p>Skipped, saying why, when {@code /usr/bin/chromium} or {@code node} is missing
 * ({@code apt-get install -y chromium}).
 */
class ChatPageBrowserTest {

  static final Path SOURCES = Path.of("src/test/node/chat");
  static final Path WORK = Path.of("target/chat-e2e");
  static final Path SCREENSHOT = Path.of("target/chat-screenshots/chat.png");

  @Test
  void twoPeopleChatInABrowser() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")),
        "/usr/bin/chromium is missing: apt-get install -y chromium to run the chat page in a browser");
    Assumptions.assumeTrue(onPath("node") && onPath("npm"), "node and npm are needed to drive the browser");
    install();
    try (ChatServer chat = ChatServer.start("127.0.0.1", 0)) {
      Path output = WORK.resolve("e2e.out");
      ProcessBuilder pb = new ProcessBuilder("node", "e2e.js").directory(WORK.toFile())
          .redirectErrorStream(true).redirectOutput(output.toFile());
      pb.environment().put("CHAT_URL", "http://127.0.0.1:" + chat.port() + "/");
      pb.environment().put("SCREENSHOT", SCREENSHOT.toAbsolutePath().toString());
      Process run = pb.start();
      try {
        boolean finished = run.waitFor(3, TimeUnit.MINUTES);
        String steps = Files.readString(output);
        assertThat(finished).as("the browser run finished within 3 minutes:\n" + steps).isTrue();
        assertThat(run.exitValue()).as("the browser run's exit code; its steps:\n" + steps).isZero();
        assertThat(steps).contains("\"step\":\"ann saw bob typing\"", "\"step\":\"ann saw bob leave\"", "\"step\":\"done\"");
        assertThat(SCREENSHOT).isNotEmptyFile();
      } finally {
        run.descendants().forEach(ProcessHandle::destroyForcibly);
        run.destroyForcibly();
      }
    }
  }

  static void install() throws IOException, InterruptedException {
    Files.createDirectories(WORK);
    for (String file : List.of("package.json", "e2e.js")) {
      Files.copy(SOURCES.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    if (Files.isDirectory(WORK.resolve("node_modules/playwright-core"))) return;
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
