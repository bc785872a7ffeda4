package io.tidings.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Watches a server once a second while a step runs, to find what grows when a rate holds for 10 s but
 * not for 60 s: the server's CPU and RSS; for a JVM server its heap and GC time (from {@code jstat -gc},
 * one long-lived {@code jstat} process per step, pinned with the load generator); the kernel's TCP memory
 * ({@code /proc/net/sockstat}); the bytes waiting in the server's socket send queues and in the clients'
 * receive queues ({@code /proc/net/tcp} and {@code tcp6}, by the server's port). Every sample goes to a
 * CSV file; {@link #stop} returns a one-line summary comparing the step's first and last fifth.
 *
 * <p>Started and stopped by the orchestrating thread; samples on its own daemon thread.
 */
public final class StepMonitor {

  /**
   * One second's readings. Bytes unless named otherwise; NaN when not available (not a JVM).
   * {@code serverWaiting} is thread-seconds per second the server's threads were runnable but not running.
   */
  public record Sample(double second, double serverCpu, double serverWaiting, long rss, double heapUsed, double oldUsed, double gcSeconds,
      long youngGcs, long fullGcs, long tcpMemory, long tcpInUse, long serverSendQueue, long clientReceiveQueue) {

    static final String CSV_HEADER = "second,server_cpu,server_waiting,rss,heap_used,old_used,gc_seconds,young_gcs,full_gcs,"
        + "tcp_mem,tcp_inuse,server_send_q,client_recv_q";

    String csv() {
      return String.format(Locale.ROOT, "%.1f,%.3f,%.3f,%d,%.0f,%.0f,%.3f,%d,%d,%d,%d,%d,%d", second, serverCpu,
          serverWaiting, rss,
          heapUsed, oldUsed, gcSeconds, youngGcs, fullGcs, tcpMemory, tcpInUse, serverSendQueue, clientReceiveQueue);
    }
  }

  private static final long PERIOD_MILLIS = 1_000;
  private static final long PAGE_BYTES = 4096;

  private final long pid;
  private final int port;
  private final Path csv;
  private final List<Sample> samples = new ArrayList<>();
  private final Thread sampler;
  private final JstatReader jstat;
  private volatile boolean running = true;

  private StepMonitor(long pid, int port, boolean jvm, Path csv) {
    this.pid = pid;
    this.port = port;
    this.csv = csv;
    this.jstat = jvm ? JstatReader.start(pid) : null;
    this.sampler = Thread.ofPlatform().daemon().name("step-monitor").start(this::sample);
  }

  /**
   * Starts watching server {@code pid} listening on {@code port}; {@code jvm} adds heap and GC readings.
   * Samples are written to {@code csv}.
   */
  public static StepMonitor start(long pid, int port, boolean jvm, Path csv) {
    return new StepMonitor(pid, port, jvm, csv);
  }

  private void sample() {
    long t0 = System.nanoTime();
    double lastCpu = ProcStats.cpuSeconds(pid);
    double lastWait = ProcStats.runQueueSeconds(pid);
    long lastNanos = t0;
    while (running) {
      try {
        Thread.sleep(PERIOD_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      double cpu = ProcStats.cpuSeconds(pid);
      double wait = ProcStats.runQueueSeconds(pid);
      double share = Math.max(0, cpu - lastCpu) / ((now - lastNanos) / 1e9);
      double waiting = Math.max(0, wait - lastWait) / ((now - lastNanos) / 1e9);
      lastCpu = cpu;
      lastWait = wait;
      lastNanos = now;
      long[] sock = sockstat();
      long[] queues = queues(port);
      double[] gc = jstat == null ? null : jstat.latest();
      Sample s = new Sample((now - t0) / 1e9, share, waiting, ProcStats.rssBytes(pid),
          gc == null ? Double.NaN : gc[0], gc == null ? Double.NaN : gc[1], gc == null ? Double.NaN : gc[2],
          gc == null ? -1 : (long) gc[3], gc == null ? -1 : (long) gc[4], sock[1], sock[0], queues[0], queues[1]);
      synchronized (samples) {
        samples.add(s);
      }
    }
  }

  /** Stops sampling, writes the CSV and says what changed between the first and the last fifth of the step. */
  public String stop() {
    running = false;
    sampler.interrupt();
    try {
      sampler.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (jstat != null) jstat.close();
    List<Sample> copy;
    synchronized (samples) {
      copy = List.copyOf(samples);
    }
    write(copy);
    return summary(copy) + " (" + csv.getFileName() + ")";
  }

  private void write(List<Sample> copy) {
    StringBuilder sb = new StringBuilder(Sample.CSV_HEADER).append('\n');
    for (Sample s : copy) sb.append(s.csv()).append('\n');
    try {
      Files.createDirectories(csv.getParent());
      Files.writeString(csv, sb);
    } catch (IOException e) {
      System.out.println("  (monitor samples not written: " + e.getMessage() + ")");
    }
  }

  /** First fifth → last fifth (means) of the series that matter, plus GC time and counts over the step. */
  static String summary(List<Sample> s) {
    if (s.size() < 2) return "monitor: too short to compare";
    int n = Math.max(1, s.size() / 5);
    List<Sample> head = s.subList(0, n);
    List<Sample> tail = s.subList(s.size() - n, s.size());
    Sample first = s.get(0);
    Sample last = s.get(s.size() - 1);
    StringBuilder sb = new StringBuilder("monitor: ");
    // Summed over the server's threads, so several threads waiting at once can make more than 1,000 ms/s.
    sb.append(String.format(Locale.ROOT, "server CPU %.0f%%→%.0f%% (its threads runnable but waiting for a CPU %.0f→%.0f ms/s,"
        + " max %.0f)", mean(head, Sample::serverCpu) * 100, mean(tail, Sample::serverCpu) * 100,
        mean(head, Sample::serverWaiting) * 1000, mean(tail, Sample::serverWaiting) * 1000,
        s.stream().mapToDouble(Sample::serverWaiting).max().orElse(0) * 1000));
    sb.append(String.format(Locale.ROOT, ", RSS %.0f→%.0f MB", mean(head, x -> x.rss()) / 1e6, mean(tail, x -> x.rss()) / 1e6));
    if (!Double.isNaN(first.heapUsed())) {
      double seconds = last.second() - first.second();
      double gc = last.gcSeconds() - first.gcSeconds();
      sb.append(String.format(Locale.ROOT, ", heap %.0f→%.0f MB (old %.0f→%.0f MB), GC %.2f s in %.0f s (%.1f%%), %d young + %d full",
          mean(head, Sample::heapUsed) / 1e6, mean(tail, Sample::heapUsed) / 1e6, mean(head, Sample::oldUsed) / 1e6,
          mean(tail, Sample::oldUsed) / 1e6, gc, seconds, seconds > 0 ? gc / seconds * 100 : 0,
          last.youngGcs() - first.youngGcs(), last.fullGcs() - first.fullGcs()));
    }
    sb.append(String.format(Locale.ROOT, ", kernel TCP memory %.1f→%.1f MB, server send queues %.2f→%.2f MB (max %.2f),"
        + " client receive queues %.2f→%.2f MB (max %.2f)",
        mean(head, x -> x.tcpMemory()) / 1e6, mean(tail, x -> x.tcpMemory()) / 1e6,
        mean(head, x -> x.serverSendQueue()) / 1e6, mean(tail, x -> x.serverSendQueue()) / 1e6,
        s.stream().mapToLong(Sample::serverSendQueue).max().orElse(0) / 1e6,
        mean(head, x -> x.clientReceiveQueue()) / 1e6, mean(tail, x -> x.clientReceiveQueue()) / 1e6,
        s.stream().mapToLong(Sample::clientReceiveQueue).max().orElse(0) / 1e6));
    return sb.toString();
  }

  private static double mean(List<Sample> l, java.util.function.ToDoubleFunction<Sample> f) {
    return l.stream().mapToDouble(f).average().orElse(Double.NaN);
  }

  /** {@code /proc/net/sockstat}'s TCP line: sockets in use, and memory (pages → bytes). */
  static long[] sockstat() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/net/sockstat"))) {
        if (line.startsWith("TCP:")) return parseSockstatTcp(line);
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or unreadable: zeros
    }
    return new long[] {0, 0};
  }

  /** {@code TCP: inuse 5 orphan 0 tw 0 alloc 7 mem 1} → {inuse, mem bytes}. */
  static long[] parseSockstatTcp(String line) {
    String[] f = line.trim().split("\\s+");
    long inUse = 0;
    long mem = 0;
    for (int i = 1; i + 1 < f.length; i += 2) {
      if (f[i].equals("inuse")) inUse = Long.parseLong(f[i + 1]);
      if (f[i].equals("mem")) mem = Long.parseLong(f[i + 1]) * PAGE_BYTES;
    }
    return new long[] {inUse, mem};
  }

  /** Bytes queued on the server's side (send queues of sockets on {@code port}) and on its clients' (receive queues). */
  static long[] queues(int port) {
    long[] out = new long[2];
    for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
      try {
        for (String line : Files.readAllLines(Path.of(table))) addQueues(line, port, out);
      } catch (IOException | RuntimeException e) {
        // a table that cannot be read adds nothing
      }
    }
    return out;
  }

  /** Adds one {@code /proc/net/tcp} line's queues to {@code out}: [0] send queue of the server's end, [1] receive queue of the client's end. */
  static void addQueues(String line, int port, long[] out) {
    String[] f = line.trim().split("\\s+");
    if (f.length < 5 || !f[1].contains(":")) return;
    String p = String.format(":%04X", port);
    String[] q = f[4].split(":");
    if (q.length != 2) return;
    if (f[1].endsWith(p) && !f[3].equals("0A")) out[0] += Long.parseLong(q[0], 16); // not the listening socket
    else if (f[2].endsWith(p)) out[1] += Long.parseLong(q[1], 16);
  }

  /**
   * One {@code jstat -gc <pid> 1000} process for the step, read line by line; {@link #latest} is the last
   * line as {heap used, old used (bytes), GC seconds, young GCs, full GCs}.
   */
  static final class JstatReader implements AutoCloseable {
    private final Process process;
    private volatile double[] latest;

    private JstatReader(Process process) {
      this.process = process;
      Thread.ofPlatform().daemon().name("jstat-reader").start(this::read);
    }

    static JstatReader start(long pid) {
      try {
        // Pinned to the load generator's core so that it takes nothing from the server's.
        Process p = new ProcessBuilder("taskset", "-c", "1", jdkTool("jstat"), "-gc", Long.toString(pid), "1000")
            .redirectErrorStream(true).start();
        return new JstatReader(p);
      } catch (IOException e) {
        return null;
      }
    }

    double[] latest() {
      return latest;
    }

    private void read() {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
        String[] header = null;
        String line;
        while ((line = r.readLine()) != null) {
          String[] f = line.trim().split("\\s+");
          if (f.length > 0 && f[0].equals("S0C")) {
            header = f;
          } else if (header != null && f.length == header.length) {
            double[] v = parseJstat(header, f);
            if (v != null) latest = v;
          }
        }
      } catch (IOException e) {
        // the process ended
      }
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(2, TimeUnit.SECONDS)) process.destroyForcibly();
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A {@code jstat -gc} line (KB, seconds, counts) → {heap used, old used (bytes), GC seconds, young GCs, full GCs}. */
  static double[] parseJstat(String[] header, String[] values) {
    double heap = 0;
    double old = 0;
    double gct = 0;
    double ygc = 0;
    double fgc = 0;
    try {
      for (int i = 0; i < header.length; i++) {
        double v = values[i].equals("-") ? 0 : Double.parseDouble(values[i]);
        switch (header[i]) {
          case "S0U", "S1U", "EU" -> heap += v * 1024;
          case "OU" -> {
            heap += v * 1024;
            old = v * 1024;
          }
          case "GCT" -> gct = v;
          case "YGC" -> ygc = v;
          case "FGC" -> fgc = v;
          default -> { }
        }
      }
    } catch (NumberFormatException e) {
      return null;
    }
    return new double[] {heap, old, gct, ygc, fgc};
  }

  /** A JDK tool next to the running JVM (the same JDK the bench picked for Tidings), else from the PATH. */
  static String jdkTool(String name) {
    return ProcessHandle.current().info().command().map(Path::of).map(java -> java.resolveSibling(name))
        .filter(Files::isExecutable).map(Path::toString).orElse(name);
  }
}
