package io.tidings.testing.node;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A Node project the tests run: its sources (a {@code package.json} and scripts, under {@code src/test/node}
 * or {@code compat/}) copied into a work directory under {@code target/}, its npm packages installed there
 * from the registry, and its scripts started as processes in that directory.
 *
 * <p>{@link #install} copies the sources every time (so an edited script is run) and runs npm once per JVM
 * and work directory; with {@link #keptAcrossRuns} it does not run npm at all when the packages named are
 * installed already and the {@code package-lock.json} is the one they were installed from (a marker copy,
 * {@code installed-package-lock.json}, records it). A failed or hung npm fails the calling test, with npm's
 * log ({@code npm-install.log} in the work directory) in the message. {@link #assumeNode} skips a test
 * instead where {@code node} is not installed.
 *
 * <p><b>Threading:</b> immutable and thread-safe; {@link #install} is serialised JVM-wide. <b>Ownership:</b>
 * a process {@link #start}ed belongs to the caller, who ends it ({@link #finish} ends one that runs to
 * completion, with its children). Each script's stderr is appended to {@code <script>.stderr.log} in the
 * work directory.
 *
 * @param sources      where the project's files are
 * @param work         where they are copied to, the packages installed and the scripts run
 * @param copied       which files of {@code sources} are copied
 * @param npmCommand   {@code install} or {@code ci}
 * @param keptPackages the packages whose presence means an earlier run installed the project (see {@link #keptAcrossRuns})
 */
public record NodeProject(Path sources, Path work, Predicate<Path> copied, String npmCommand, List<String> keptPackages) {

  /** How long npm may take to install a project's packages. */
  public static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);
  private static final String INSTALLED_LOCK = "installed-package-lock.json";
  /** The work directories npm has installed in this JVM; guarded by {@code NodeProject.class}. */
  private static final Set<Path> INSTALLED = new HashSet<>();

  /** The project whose files are in {@code sources}, to be run in {@code work}; every file is copied, {@code npm install}. */
  public static NodeProject of(Path sources, Path work) {
    return new NodeProject(sources, work, Files::isRegularFile, "install", List.of());
  }

  /** This project copying only the files of {@code sources} so named. */
  public NodeProject files(String... names) {
    Set<String> wanted = Set.of(names);
    return files(f -> wanted.contains(f.getFileName().toString()));
  }

  /** This project copying only the files of {@code sources} that {@code which} accepts. */
  public NodeProject files(Predicate<Path> which) {
    return new NodeProject(sources, work, f -> Files.isRegularFile(f) && which.test(f), npmCommand, keptPackages);
  }

  /** This project installed with {@code npm ci} (exactly the lock file) instead of {@code npm install}. */
  public NodeProject withNpmCi() {
    return new NodeProject(sources, work, copied, "ci", keptPackages);
  }

  /**
   * This project not reinstalled by a later run (another {@code mvn} invocation) while {@code node_modules}
   * holds each of {@code packages} and, when the sources have a {@code package-lock.json}, that lock file is
   * the one last installed.
   */
  public NodeProject keptAcrossRuns(String... packages) {
    return new NodeProject(sources, work, copied, npmCommand, List.of(packages));
  }

  /** Where {@link #start} appends {@code script}'s stderr. */
  public Path stderrLog(String script) {
    return work.resolve(script + ".stderr.log");
  }

  /** Copies the sources into the work directory, then installs the npm packages unless they are (see the class). */
  public void install() throws IOException {
    synchronized (NodeProject.class) {
      Files.createDirectories(work);
      try (Stream<Path> files = Files.list(sources)) {
        for (Path f : files.filter(copied).toList()) {
          Files.copy(f, work.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Path key = work.toAbsolutePath().normalize();
      if (INSTALLED.contains(key) || installedByAnEarlierRun()) {
        INSTALLED.add(key);
        return;
      }
      runNpm();
      INSTALLED.add(key);
    }
  }

  private boolean installedByAnEarlierRun() throws IOException {
    if (keptPackages.isEmpty()) return false;
    for (String p : keptPackages) {
      if (!Files.isDirectory(work.resolve("node_modules").resolve(p))) return false;
    }
    Path lock = sources.resolve("package-lock.json");
    if (!Files.exists(lock)) return true;
    Path installedLock = work.resolve(INSTALLED_LOCK);
    return Files.exists(installedLock) && Files.mismatch(lock, installedLock) == -1;
  }

  private void runNpm() throws IOException {
    Path log = work.resolve("npm-install.log");
    Path lock = sources.resolve("package-lock.json");
    Files.deleteIfExists(work.resolve(INSTALLED_LOCK));
    Process npm = new ProcessBuilder("npm", npmCommand, "--no-audit", "--no-fund", "--loglevel=error")
        .directory(work.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    try {
      finish(npm, NPM_TIMEOUT, log, "npm " + npmCommand + " in " + work + " (log: " + log + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted during npm " + npmCommand + " in " + work, e);
    }
    if (!keptPackages.isEmpty() && Files.exists(lock)) Files.copy(lock, work.resolve(INSTALLED_LOCK));
  }

  /** {@code node script args…} in the work directory, not started: the caller redirects and starts it. */
  public ProcessBuilder node(String script, String... args) {
    List<String> command = Stream.concat(Stream.of("node", script), Arrays.stream(args)).toList();
    return new ProcessBuilder(command).directory(work.toFile());
  }

  /**
   * Installs the project if needed and starts {@code node script} with {@code environment} added; its stdout
   * and stdin are the caller's, its stderr goes to {@link #stderrLog}. The caller ends the process.
   */
  public Process start(String script, Map<String, String> environment) throws IOException {
    install();
    ProcessBuilder pb = node(script).redirectError(ProcessBuilder.Redirect.appendTo(stderrLog(script).toFile()));
    pb.environment().putAll(environment);
    return pb.start();
  }

  /**
   * Waits up to {@code limit} for {@code run}, whose output goes to the file {@code output}, and returns that
   * output; fails, with the output, unless it exited 0 in time ({@code what} names it in the message). Ends
   * {@code run} and every process it started, whatever happens: a runner that hung leaves nothing behind.
   */
  public static String finish(Process run, Duration limit, Path output, String what) throws IOException, InterruptedException {
    try {
      boolean finished = run.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
      String printed = Files.readString(output);
      if (!finished) throw new AssertionError(what + " did not finish within " + limit.toMinutes() + " minutes; it printed:\n" + printed);
      if (run.exitValue() != 0) throw new AssertionError(what + " exited with " + run.exitValue() + "; it printed:\n" + printed);
      return printed;
    } finally {
      run.descendants().forEach(ProcessHandle::destroyForcibly);
      run.destroyForcibly();
    }
  }

  /** True when an executable {@code command} is in a directory of the {@code PATH}. */
  public static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) return false;
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) return true;
    }
    return false;
  }

  /** Skips the calling test unless {@code node} and each of {@code alsoNeeded} (e.g. {@code npm}) are on the PATH. */
  public static void assumeNode(String... alsoNeeded) {
    Assumptions.assumeTrue(onPath("node") && Arrays.stream(alsoNeeded).allMatch(NodeProject::onPath),
        "node is not installed" + (alsoNeeded.length == 0 ? "" : " (or not " + String.join(", ", alsoNeeded) + ")"));
  }
}
