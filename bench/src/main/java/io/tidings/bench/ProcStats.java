package io.tidings.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code /proc} says about a process (and its threads and child processes): CPU time used
 * (utime + stime from {@code /proc/<pid>/stat}) and resident memory; and the machine's load average.
 * Linux only. Stateless.
 */
public final class ProcStats {

  /** USER_HZ, the unit of utime and stime (100 on every Linux this runs on). */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcStats() {}

  /**
   * CPU seconds used so far by {@code pid} and its descendants; for the bench's own process, by itself
   * alone (the servers it started are its descendants).
   */
  public static double cpuSeconds(long pid) {
    double total = cpuOf(pid);
    if (pid == ProcessHandle.current().pid()) return total;
    for (ProcessHandle d : ProcessHandle.of(pid).map(h -> h.descendants().toList()).orElse(List.of())) {
      total += cpuOf(d.pid());
    }
    return total;
  }

  private static double cpuOf(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // Fields after the command name, which is in parentheses and may contain spaces.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Resident set size of {@code pid} and its descendants, in bytes. */
  public static long rssBytes(long pid) {
    long total = rssOf(pid);
    for (ProcessHandle d : ProcessHandle.of(pid).map(h -> h.descendants().toList()).orElse(List.of())) {
      total += rssOf(d.pid());
    }
    return total;
  }

  private static long rssOf(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return 0;
  }

  /**
   * Seconds the threads of {@code pid} (and of its descendants) have spent runnable but waiting for a CPU,
   * from each thread's {@code /proc/<pid>/task/<tid>/schedstat} (its second field, nanoseconds). On a
   * shared machine this is the share of a step the server could not run although it had work.
   */
  public static double runQueueSeconds(long pid) {
    double total = runQueueOf(pid);
    for (ProcessHandle d : ProcessHandle.of(pid).map(h -> h.descendants().toList()).orElse(List.of())) {
      total += runQueueOf(d.pid());
    }
    return total;
  }

  private static double runQueueOf(long pid) {
    long ns = 0;
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) ns += parseRunQueueNanos(readOrEmpty(t.resolve("schedstat")));
    } catch (IOException | RuntimeException e) {
      // gone, or not Linux
    }
    return ns / 1e9;
  }

  private static String readOrEmpty(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "";
    }
  }

  /** The run-queue wait of a {@code schedstat} line ("on-CPU ns, waiting ns, time slices"), 0 if unreadable. */
  static long parseRunQueueNanos(String schedstat) {
    String[] f = schedstat.trim().split("\\s+");
    if (f.length < 2) return 0;
    try {
      return Long.parseLong(f[1]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The 1-minute load average. */
  public static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** CPU use of a set of processes over an interval: start with {@link #start}, end with {@link Meter#stop}. */
  public static final class Meter {
    private final List<Long> pids;
    private final double[] startCpu;
    private final long startNanos;

    private Meter(List<Long> pids) {
      this.pids = pids;
      this.startCpu = new double[pids.size()];
      for (int i = 0; i < pids.size(); i++) startCpu[i] = cpuSeconds(pids.get(i));
      this.startNanos = System.nanoTime();
    }

    /** Fraction of one core used by each process since the start, in the order given. */
    public double[] stop() {
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      double[] out = new double[pids.size()];
      for (int i = 0; i < pids.size(); i++) {
        // A process that exited meanwhile (a PostgreSQL backend closing) reads as 0: count what cannot be
        // read as nothing rather than as a negative share.
        out[i] = Math.max(0, cpuSeconds(pids.get(i)) - startCpu[i]) / seconds;
      }
      return out;
    }
  }

  public static Meter start(long... pids) {
    List<Long> l = new ArrayList<>();
    for (long p : pids) l.add(p);
    return new Meter(l);
  }
}
