package io.tidings.examples.differential;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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

  private static final Path SOURCES = Path.of("..", "compat", "socketio");
  private static final Path WORK = Path.of("target", "compat-socketio");
  private static final Path OUT = Path.of("target", "compat-socketio-results");
  private static final long NPM_MINUTES = 5;
  private static final long RUN_MINUTES = 5;

  @Test
  void socketIoClientSeesTidingsAsItSeesNodeSaveTheListedDifferences() throws Exception {
    Assumptions.assumeTrue(onPath("node"), "node is not installed: the Socket.IO differential needs it");
    install();
    Files.createDirectories(OUT);
    Path output = OUT.resolve("differential.out");
    Process run = new ProcessBuilder("node", WORK.resolve("differential.js").toString(),
        "--out=" + OUT.toAbsolutePath(),
        "--tidings-command=" + new ObjectMapper().writeValueAsString(tidingsCommand()))
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
    try {
      boolean finished = run.waitFor(RUN_MINUTES, TimeUnit.MINUTES);
      String report = Files.readString(output);
      assertThat(finished).as("the differential run finished within " + RUN_MINUTES + " minutes:\n" + report).isTrue();
      assertThat(run.exitValue()).as("the differential run's exit code; its report (results in " + OUT + "):\n" + report)
          .isZero();
      assertThat(report).contains("PASSED");
    } finally {
      // The runner stops its servers itself; this is for a runner that hung.
      run.descendants().forEach(ProcessHandle::destroyForcibly);
      run.destroyForcibly();
    }
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

  /** Copies the harness into target/ and installs its packages there, unless this lock file is installed already. */
  private static void install() throws IOException, InterruptedException {
    Files.createDirectories(WORK);
    Path lock = SOURCES.resolve("package-lock.json");
    Path installedLock = WORK.resolve("installed-package-lock.json");
    boolean installed = Files.isDirectory(WORK.resolve("node_modules/socket.io-client"))
        && Files.exists(installedLock)
        && Files.mismatch(lock, installedLock) == -1;
    try (Stream<Path> files = Files.list(SOURCES)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".js") || p.getFileName().toString().startsWith("package")).toList()) {
        Files.copy(f, WORK.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    if (installed) return;
    Path log = WORK.resolve("npm-install.log");
    Files.deleteIfExists(installedLock);
    Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
        .directory(WORK.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    try {
      boolean finished = npm.waitFor(NPM_MINUTES, TimeUnit.MINUTES);
      assertThat(finished).as("npm ci finished within " + NPM_MINUTES + " minutes").isTrue();
      assertThat(npm.exitValue()).as("npm ci (socket.io and socket.io-client 4.8.4) exit code; see " + log + ":\n"
          + Files.readString(log)).isZero();
      Files.copy(lock, installedLock);
    } finally {
      npm.descendants().forEach(ProcessHandle::destroyForcibly);
      npm.destroyForcibly();
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
