package io.tidings.testing.browser;

import io.tidings.testing.node.NodeProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * A browser test's driver: a Node project whose {@code e2e.js} launches Debian's {@code /usr/bin/chromium}
 * (headless) through {@code playwright-core} and prints what it did, a step a line. The project's packages
 * are installed once and kept across runs while {@code node_modules} holds them; the script is run to
 * completion with its output in {@code e2e.out} in the work directory.
 *
 * <p><b>Threading:</b> immutable; runs are the calling thread's. <b>Ownership:</b> {@link #run} ends the
 * script, and the browser it launched, whatever happens.
 */
public final class ChromiumDriver {

  /** Where Debian's {@code chromium} package puts the browser the scripts launch. */
  public static final Path EXECUTABLE = Path.of("/usr/bin/chromium");

  private final NodeProject driver;

  private ChromiumDriver(NodeProject driver) {
    this.driver = driver;
  }

  /**
   * The driver in {@code sources} ({@code package.json} depending on {@code playwright-core} and
   * {@code packages}, and {@code e2e.js}), installed into {@code work}.
   */
  public static ChromiumDriver of(Path sources, Path work, String... packages) {
    String[] kept = new String[packages.length + 1];
    kept[0] = "playwright-core";
    System.arraycopy(packages, 0, kept, 1, packages.length);
    return new ChromiumDriver(NodeProject.of(sources, work).files("package.json", "e2e.js").keptAcrossRuns(kept));
  }

  /** Skips the calling test unless chromium, node and npm are installed; {@code what} is what it shows in the browser. */
  public static void assumeInstalled(String what) {
    Assumptions.assumeTrue(Files.isExecutable(EXECUTABLE),
        EXECUTABLE + " is missing: apt-get install -y chromium to run " + what + " in a browser");
    NodeProject.assumeNode("npm"); // they drive the browser
  }

  /** Installs the driver's packages unless they are. */
  public void install() throws IOException {
    driver.install();
  }

  /**
   * Runs {@code e2e.js} with {@code environment} added, for {@code limit} at most, and returns what it
   * printed (stderr included); fails, with that, unless it exited 0 in time.
   */
  public String run(Map<String, String> environment, Duration limit) throws IOException, InterruptedException {
    driver.install();
    Path output = driver.work().resolve("e2e.out");
    ProcessBuilder pb = driver.node("e2e.js").redirectErrorStream(true).redirectOutput(output.toFile());
    pb.environment().putAll(environment);
    return NodeProject.finish(pb.start(), limit, output, "the browser run");
  }
}
