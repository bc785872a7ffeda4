package io.tidings.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bench's command line (run it through {@code bench/run}, which builds the jars and pins this process
 * to core 1):
 *
 * <pre>
 *   run SCENARIO… [--rounds=N] [--quick] [--soketi-max=N] [--parts=…] [--servers=…] [--busy-poll]
 *                                                          run scenarios, print medians and ratios
 *   all [--rounds=N] [--quick]                             run every scenario, rewrite docs/BENCHMARKS.md
 *   jmh [JMH options]                                      the JMH micro-benchmarks
 * </pre>
 *
 * Scenarios: {@code fanout} (1), {@code http-publish} (2), {@code latency} (3 and 8, at Soketi's
 * scenario-1 maximum from {@code --soketi-max} or measured first), {@code cross-node} (4, 5, 9),
 * {@code idle} (6), {@code accept} (7), {@code socketio} (the Socket.IO comparison, issue 12; {@code --parts}
 * picks among fanout, acks, idle, accept), {@code socketio-cross} (Socket.IO across two nodes, issue 13). {@code TIDINGS_JAVA_OPTS} in the environment is passed to the
 * Tidings servers (to compare JVM flags); unset, the launcher's defaults are measured.
 */
public final class Bench {

  private Bench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      usage();
      return;
    }
    if (args[0].equals("jmh")) {
      org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    int rounds = Settings.DEFAULT_ROUNDS;
    boolean quick = false;
    java.util.Set<String> socketIoParts = new java.util.LinkedHashSet<>(SocketIoScenario.PARTS);
    java.util.Set<SocketIoTarget> socketIoServers = java.util.EnumSet.allOf(SocketIoTarget.class);
    double soketiMax = Double.NaN;
    boolean busyPoll = false;
    List<String> names = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (a.startsWith("--rounds=")) rounds = Integer.parseInt(a.substring(9));
      else if (a.equals("--quick")) quick = true;
      else if (a.equals("--busy-poll")) busyPoll = true;
      else if (a.startsWith("--soketi-max=")) soketiMax = Double.parseDouble(a.substring(13));
      else if (a.startsWith("--parts=")) socketIoParts = new java.util.LinkedHashSet<>(List.of(a.substring(8).split(",")));
      else if (a.startsWith("--servers=")) {
        socketIoServers = java.util.EnumSet.noneOf(SocketIoTarget.class);
        for (String n : a.substring(10).split(",")) socketIoServers.add(SocketIoTarget.named(n));
      }
      else names.add(a);
    }
    Path root = Path.of(System.getProperty("tidings.root", ".")).toAbsolutePath().normalize();
    if (!Files.exists(root.resolve("tidings"))) throw new IllegalStateException("run from the project's root (bench/run)");
    String javaOpts = System.getenv().getOrDefault("TIDINGS_JAVA_OPTS", "");
    Settings s = quick ? Settings.quick(root, rounds, javaOpts) : Settings.full(root, rounds, javaOpts);
    boolean all = args[0].equals("all");
    if (all) {
      names = List.of("fanout", "latency", "http-publish", "cross-node", "idle", "accept", "socketio", "socketio-cross");
    } else if (!args[0].equals("run") || names.isEmpty()) {
      usage();
      return;
    }
    LoadSampler load = new LoadSampler();
    String started = ReportWriter.now();
    long t0 = System.nanoTime();
    List<Row> rows = new ArrayList<>();
    try (LoadClient client = new LoadClient(1, busyPoll)) {
      for (String name : names) {
        switch (name) {
          case "fanout" -> {
            FanOutScenario.Result r = new FanOutScenario(s, client).run();
            rows.add(r.row());
            soketiMax = r.median(PusherTarget.SOKETI);
          }
          case "latency" -> {
            if (Double.isNaN(soketiMax)) {
              System.out.println("Scenario 3 needs Soketi's scenario-1 maximum: measuring it first.");
              FanOutScenario.Result r = new FanOutScenario(s, client).run();
              rows.add(r.row());
              soketiMax = r.median(PusherTarget.SOKETI);
            }
            rows.addAll(new LatencyScenario(s, client, soketiMax).run());
          }
          case "http-publish" -> rows.addAll(new HttpPublishScenario(s, client).run());
          case "cross-node" -> rows.addAll(new CrossNodeScenario(s, client).run());
          case "idle" -> rows.addAll(new IdleConnectionsScenario(s, client).run());
          case "accept" -> rows.addAll(new AcceptRateScenario(s, client).run());
          case "socketio" -> rows.addAll(new SocketIoScenario(s, client, socketIoParts, socketIoServers).run());
          case "socketio-cross" -> rows.addAll(new SocketIoCrossNodeScenario(s, client).run());
          default -> throw new IllegalArgumentException("unknown scenario " + name);
        }
        print(rows);
      }
    } finally {
      load.stop();
    }
    String minutes = String.format("%.0f", (System.nanoTime() - t0) / 60e9);
    System.out.println("\nLoad average during the run: " + load.summary());
    if (all) {
      Path doc = root.resolve("docs/BENCHMARKS.md");
      ReportWriter.write(doc, ReportWriter.render(rows, s, load.summary(), started, minutes));
      System.out.println("Wrote " + doc);
    }
  }

  private static void print(List<Row> rows) {
    System.out.println();
    System.out.printf("%-8s %-14s %14s %14s %8s  %-5s %s%n", "#", "unit", "Tidings", "peer", "ratio", "met", "goal");
    for (Row r : rows) {
      System.out.printf("%-8s %-14s %14s %14s %8s  %-5s %s%n", r.id(), r.unit(), Stats.fmt(r.tidings()),
          Stats.fmt(r.peer()), Double.isNaN(r.ratio()) ? "–" : String.format("%.2f×", r.ratio()), r.met() ? "yes" : "no",
          r.goal());
    }
  }

  private static void usage() {
    System.out.println("""
        bench/run run SCENARIO... [--rounds=N] [--quick] [--soketi-max=N] [--busy-poll]
        bench/run all [--rounds=N] [--quick]        (rewrites docs/BENCHMARKS.md)
        bench/run jmh [JMH options]
        scenarios: fanout http-publish latency cross-node idle accept
                   socketio [--parts=fanout,latency,acks,idle,accept] [--servers=tidings,node,netty-socketio]
                            (Socket.IO: Tidings, Node socket.io, netty-socketio; --servers picks some, to profile one)
                   socketio-cross  (Socket.IO across two nodes on PostgreSQL: Tidings, Node, mixed)""");
  }

  /** Samples the 1-minute load average every 10 s on a daemon thread. */
  private static final class LoadSampler {
    private final List<Double> samples = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running = true;

    LoadSampler() {
      Thread.ofPlatform().daemon().name("load-sampler").start(() -> {
        while (running) {
          samples.add(ProcStats.loadAverage());
          try {
            Thread.sleep(10_000);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
    }

    void stop() {
      running = false;
    }

    String summary() {
      List<Double> copy;
      synchronized (samples) {
        copy = new ArrayList<>(samples);
      }
      if (copy.isEmpty()) return "?";
      return String.format("median %.2f, min %.2f, max %.2f (%d samples)", Stats.median(copy),
          copy.stream().mapToDouble(d -> d).min().orElse(0), copy.stream().mapToDouble(d -> d).max().orElse(0),
          copy.size());
    }
  }
}
