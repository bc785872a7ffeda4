package io.tidings.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidings.server.support.ServerProcess;
import io.tidings.testing.PgTarget;
import io.tidings.testing.TestPostgres;
import io.tidings.testing.node.NodeProject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  /** The harness and its packages, kept across runs while the lock file is the one installed. */
  private static final NodeProject HARNESS = NodeProject.of(Path.of("..", "compat", "node"), Path.of("target", "compat-node"))
      .files(f -> f.toString().endsWith(".js") || f.getFileName().toString().startsWith("package"))
      .keptAcrossRuns("@soketi/soketi");
  private static final Path OUT = Path.of("target", "compat-differential");
  private static final Duration RUN_LIMIT = Duration.ofMinutes(8);

  @Test
  void pusherJsAndThePusherSdkFindTidingsLikeSoketiSaveTheDocumentedDifferencesOnOneNodeAndACluster() throws Exception {
    NodeProject.assumeNode();
    HARNESS.install();
    PgTarget db = TestPostgres.newDatabase();
    List<String> tidings = new ArrayList<>(ServerProcess.mainCommand());
    tidings.add("start");
    Files.createDirectories(OUT);
    Path output = OUT.resolve("differential.out");
    ProcessBuilder pb = new ProcessBuilder("node", HARNESS.work().resolve("differential.js").toString(),
        "--out=" + OUT.toAbsolutePath(),
        "--database-url=" + databaseUrl(db),
        "--tidings-command=" + new ObjectMapper().writeValueAsString(tidings))
        .redirectErrorStream(true)
        .redirectOutput(output.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("SOKETI_") || k.equals("TIDINGS_COMPAT_DATABASE_URL"));
    Process run = pb.start();
    // The runner stops its servers itself; finish ends a runner that hung, with them.
    String report = NodeProject.finish(run, RUN_LIMIT, output, "the differential run (results in " + OUT + ")");
    assertThat(report).contains("PASSED");
  }

  private static String databaseUrl(PgTarget db) {
    String auth = URLEncoder.encode(db.user(), StandardCharsets.UTF_8)
        + (db.password() == null || db.password().isEmpty() ? "" : ":" + URLEncoder.encode(db.password(), StandardCharsets.UTF_8));
    return "postgresql://" + auth + "@" + db.host() + ":" + db.port() + "/" + URLEncoder.encode(db.database(), StandardCharsets.UTF_8);
  }
}
