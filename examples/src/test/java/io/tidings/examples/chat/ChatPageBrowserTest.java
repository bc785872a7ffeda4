package io.tidings.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidings.testing.browser.ChromiumDriver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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

  static final ChromiumDriver DRIVER = ChromiumDriver.of(Path.of("src/test/node/chat"), Path.of("target/chat-e2e"));
  static final Path SCREENSHOT = Path.of("target/chat-screenshots/chat.png");

  @Test
  void twoPeopleChatInABrowser() throws Exception {
    ChromiumDriver.assumeInstalled("the chat page");
    DRIVER.install();
    try (ChatServer chat = ChatServer.start("127.0.0.1", 0)) {
      String steps = DRIVER.run(Map.of("CHAT_URL", "http://127.0.0.1:" + chat.port() + "/",
          "SCREENSHOT", SCREENSHOT.toAbsolutePath().toString()), Duration.ofMinutes(3));
      assertThat(steps).contains("\"step\":\"ann saw bob typing\"", "\"step\":\"ann saw bob leave\"", "\"step\":\"done\"");
      assertThat(SCREENSHOT).isNotEmptyFile();
    }
  }
}
