package io.tidings.emitter.peers;

import io.tidings.testing.node.JsonLines;
import io.tidings.testing.node.NodeProject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Node peers ({@code src/test/node}: socket.io 4.8.4, {@code @socket.io/postgres-adapter} 0.5.0,
 * socket.io-client 4.8.4, from the npm registry), installed into {@code target/node-peers} once per JVM, and
 * their scripts started. A test using them is skipped when {@code node} is not installed, and fails when npm fails.
 *
 * <p>Thread-safe.
 */
public final class NodePeers {

  private static final NodeProject PROJECT = NodeProject.of(Path.of("src/test/node"), Path.of("target/node-peers"));

  private NodePeers() {}

  /** Skips the calling test unless {@code node} and {@code npm} are on the PATH. */
  public static void assumeNode() {
    NodeProject.assumeNode("npm");
  }

  /** Starts {@code script} (installing the packages first if needed) with {@code environment} added. */
  static JsonLines start(String script, Map<String, String> environment) throws IOException {
    return JsonLines.start(PROJECT, script, environment, JsonLines.Options.DEFAULTS.withCloseStdinFirst(true));
  }
}
