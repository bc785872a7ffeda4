package io.tidings.examples.differential;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.testing.node.NodeProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Node differential of {@code compat/socketio} (docs/SOCKETIO.md, "How we verify"): the real
 * socket.io-client 4.8.4 runs the same scenarios against Node socket.io 4.8.4 and against Tidings (the
 * {@code differential-socketio} example, run as {@code Main} on the tests' classpath, as
 * {@code ./tidings example} runs the jar), and every difference in what it saw must be one listed in
 * {@code expected-differences.js}.
 *
 * <p>The npm packages are installed from the registry into {@code target/compat-socketio} at the versions
 * of {@code compat/socketio/package-lock.json}; the test fails if that fails, and is skipped only when
 * {@code node} is not installed.
 */
@Tag("differential")
class SocketIoDifferentialTest {

  /** The harness and its packages, kept across runs while the lock file is the one installed. */
  private static final NodeProject HARNESS = NodeProject.of(Path.of("..", "compat", "socketio"), Path.of("target", "compat-socketio"))
      .files(f -> f.toString().endsWith(".js") || f.getFileName().toString().startsWith("package"))
      .withNpmCi()
      .keptAcrossRuns("socket.io-client");
  private static final Path OUT = Path.of("target", "compat-socketio-results");
  private static final Duration RUN_LIMIT = Duration.ofMinutes(5);

  @Test
  void socketIoClientSeesTidingsAsItSeesNodeSaveTheListedDifferences() throws Exception {
    Assumptions.assumeTrue(NodeProject.onPath("node"), "node is not installed: the Socket.IO differential needs it");
    HARNESS.install();
    Files.createDirectories(OUT);
    Path output = OUT.resolve("differential.out");
    Process run = new ProcessBuilder("node", HARNESS.work().resolve("differential.js").toString(),
        "--out=" + OUT.toAbsolutePath(),
        "--tidings-command=" + new ObjectMapper().writeValueAsString(tidingsCommand()))
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
    // The runner stops its servers itself; finish ends a runner that hung, with them.
    String report = NodeProject.finish(run, RUN_LIMIT, output, "the differential run (results in " + OUT + ")");
    assertThat(report).contains("PASSED");
  }

  /** {@code java … io.tidings.examples.Main differential-socketio} on the tests' classpath. */
  private static List<String> tidingsCommand() {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("--enable-native-access=ALL-UNNAMED");
    if (Runtime.version().feature() >= 24) cmd.add("--sun-misc-unsafe-memory-access=allow");
    cmd.add("-Xmx256m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.tidings.examples.Main");
    cmd.add("differential-socketio");
    return cmd;
  }
}
