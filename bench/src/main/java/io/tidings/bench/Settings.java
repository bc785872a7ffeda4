package io.tidings.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * How a bench run is set up: where the project is, where logs go, how many rounds, how long each step
 * lasts, which cores the servers get, and the extra JVM flags for Tidings. Built once from the command
 * line; immutable.
 *
 * @param root           the project's root (with {@code tidings} and {@code bench/peers})
 * @param logDir         server logs of this run
 * @param rounds         rounds per scenario; the report gives the median
 * @param warmupNanos    load before the measured window (JIT warm-up)
 * @param stepNanos      one step of a rate search
 * @param sustainNanos   the window a found maximum must hold for (scenario 1: 60 s)
 * @param serverCpus     taskset list of the single-node server
 * @param tidingsJavaOpts extra JVM flags for Tidings (TIDINGS_JAVA_OPTS), or empty for the launcher's defaults
 */
public record Settings(Path root, Path logDir, int rounds, long warmupNanos, long stepNanos, long sustainNanos,
    String serverCpus, String tidingsJavaOpts) {

  /** The durations the issue asks for. */
  /** Rounds per scenario when {@code --rounds} is not given. */
  public static final int DEFAULT_ROUNDS = 3;

  public static Settings full(Path root, int rounds, String tidingsJavaOpts) {
    return new Settings(root, root.resolve("bench/results/logs"), rounds, seconds(10), seconds(10), seconds(60), "0",
        tidingsJavaOpts);
  }

  /** Short steps for trying things out; the report says when a run was quick. */
  public static Settings quick(Path root, int rounds, String tidingsJavaOpts) {
    return new Settings(root, root.resolve("bench/results/logs"), rounds, seconds(5), seconds(5), seconds(15), "0",
        tidingsJavaOpts);
  }

  public boolean isQuick() {
    return sustainNanos < seconds(60);
  }

  static long seconds(long s) {
    return TimeUnit.SECONDS.toNanos(s);
  }
}
