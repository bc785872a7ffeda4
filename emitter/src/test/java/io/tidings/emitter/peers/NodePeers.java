package io.tidings.emitter.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Installs the Node peers ({@code src/test/node}: socket.io 4.8.4, {@code @socket.io/postgres-adapter} 0.5.0,
 * socket.io-client 4.8.4, from the npm registry) into {@code target/node-peers} once per JVM, and starts their
 * scripts. A test using them is skipped when {@code node} is not installed, and fails when npm fails.
 *
 * <p>Thread-safe.
 */
public final class NodePeers {

  private static final Path SOURCES = Path.of("src/test/node");
  private static final Path WORK = Path.of("target/node-peers");
  private static boolean installed;

  private NodePeers() {}

  /** Skips the calling test unless {@code node} and {@code npm} are on the PATH. */
  public static void assumeNode() {
    Assumptions.assumeTrue(onPath("node") && onPath("npm"), "node is not installed");
  }

  /** Starts {@code script} (installing the packages first if needed) with {@code environment} added. */
  static JsonLinesProcess start(String script, Map<String, String> environment) throws IOException {
    install();
    ProcessBuilder pb = new ProcessBuilder("node", script)
        .directory(WORK.toFile())
        .redirectError(ProcessBuilder.Redirect.appendTo(WORK.resolve(script + ".stderr.log").toFile()));
    pb.environment().putAll(environment);
    return new JsonLinesProcess(script, pb.start());
  }

  private static synchronized void install() throws IOException {
    if (installed) return;
    Files.createDirectories(WORK);
    for (String file : List.of("package.json", "server.js", "clients.js")) {
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
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted during npm install", e);
    } finally {
      npm.toHandle().destroyForcibly();
    }
    installed = true;
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
