package io.tidings.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.server.support.ServerProcess;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import java.io.File;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 * The differential run of {@code compat/node} (see docs/COMPATIBILITY.md, "How this is checked"): the real
 * pusher-js 8.6.0 and pusher 5.3.4 run the same scenarios against Soketi 1.6.1, a Tidings node, a Tidings
 * node with {@code SOKETI_COMPAT_HTTP_200_ERRORS=true} and a two-node Tidings cluster on PostgreSQL; every
 * difference from Soketi must be a documented one, and the cluster must answer as the single node.
 *
 * <p>The npm packages (Soketi included) are installed from the registry into {@code target/compat-node}
 * at the versions of {@code compat/node/package-lock.json}; the test fails if that fails, and is skipped
 * only when {@code node} is not installed. ({@code npm install}, not {@code npm ci}: a registry that does
 * not serve every platform's optional packages leaves them out of the lock file, and {@code npm ci} then
 * refuses the lock as out of sync.) Tidings runs as {@code Main start} on the tests' classpath, as {@code ./tidings start} runs
 * the jar.
 */
@Tag("postgres")
@Tag("differential")
class SoketiDifferentialTest {

  private static final Path SOURCES = Path.of("..", "compat", "node");
  private static final Path WORK = Path.of("target", "compat-node");
  private static final Path OUT = Path.of("target", "compat-differential");
  private static final long NPM_MINUTES = 5;
  private static final long RUN_MINUTES = 8;

  @Test
  void pusherJsAndThePusherSdkFindTidingsLikeSoketiSaveTheDocumentedDifferencesOnOneNodeAndACluster() throws Exception {
    Assumptions.assumeTrue(onPath("node"), "node is not installed");
    install();
    PgTarget db = TestPostgres.newDatabase();
    List<String> tidings = new ArrayList<>(ServerProcess.mainCommand());
    tidings.add("start");
    Files.createDirectories(OUT);
    Path output = OUT.resolve("differential.out");
    ProcessBuilder pb = new ProcessBuilder("node", WORK.resolve("differential.js").toString(),
        "--out=" + OUT.toAbsolutePath(),
        "--database-url=" + databaseUrl(db),
        "--tidings-command=" + new ObjectMapper().writeValueAsString(tidings))
        .redirectErrorStream(true)
        .redirectOutput(output.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("SOKETI_") || k.equals("TIDINGS_COMPAT_DATABASE_URL"));
    Process run = pb.start();
    try {
      boolean finished = run.waitFor(RUN_MINUTES, TimeUnit.MINUTES);
      String report = Files.readString(output);
      assertThat(finished).as("the differential run finished within " + RUN_MINUTES + " minutes:\n" + report).isTrue();
      assertThat(run.exitValue()).as("the differential run's exit code; its report (results in " + OUT + "):\n" + report).isZero();
      assertThat(report).contains("PASSED");
    } finally {
      // The runner stops its servers itself; this is for a runner that hung.
      run.descendants().forEach(ProcessHandle::destroyForcibly);
      run.destroyForcibly();
    }
  }

  private static String databaseUrl(PgTarget db) {
    String auth = URLEncoder.encode(db.user(), StandardCharsets.UTF_8)
        + (db.password() == null || db.password().isEmpty() ? "" : ":" + URLEncoder.encode(db.password(), StandardCharsets.UTF_8));
    return "postgresql://" + auth + "@" + db.host() + ":" + db.port() + "/" + URLEncoder.encode(db.database(), StandardCharsets.UTF_8);
  }

  /** Copies the harness into target/ and installs its packages there, unless this lock file is installed already. */
  private static void install() throws IOException, InterruptedException {
    Files.createDirectories(WORK);
    Path lock = SOURCES.resolve("package-lock.json");
    Path installedLock = WORK.resolve("installed-package-lock.json");
    boolean installed = Files.isDirectory(WORK.resolve("node_modules/@soketi/soketi"))
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
    Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error")
        .directory(WORK.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    try {
      boolean finished = npm.waitFor(NPM_MINUTES, TimeUnit.MINUTES);
      assertThat(finished).as("npm install finished within " + NPM_MINUTES + " minutes").isTrue();
      assertThat(npm.exitValue()).as("npm install (pusher-js, pusher, Soketi 1.6.1) exit code; see " + log + ":\n"
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
