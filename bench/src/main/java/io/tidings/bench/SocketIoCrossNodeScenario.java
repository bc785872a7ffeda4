package io.tidings.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Issue 13, Socket.IO across nodes: two nodes on one PostgreSQL database (the machine's, a database of
 * the bench's own), a publisher emitting {@code publish} to node A over a Socket.IO connection (one event
 * per message, open loop), one subscriber in the room on node B. For each {@link SocketIoClusterTarget}:
 *
 * <ul>
 *   <li>the highest rate B receives with no loss, in publishing order and a p99 within 100 ms (the search
 *       of scenario 4);</li>
 *   <li>the latency from A's intended send time to B at 1,000 messages/s.</li>
 * </ul>
 *
 * Node A on core 0, node B and the load generator on core 1, PostgreSQL unpinned; CPU per process.
 *
 * <p>Run by one thread.
 */
public final class SocketIoCrossNodeScenario {

  static final String DATABASE = "tidings_bench_sio";
  static final double LATENCY_RATE = 1_000;
  private static final double START_RATE = 2_000;
  private static final int MAX_STEPS = 18;
  private static final long QUIET_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(500);

  private record Step(double rate, OpenLoopPublisher.Result published, Tally tally, Histogram latency, double[] cpu,
      double load) {
    boolean passed() {
      return published.clean() && tally.complete() && tally.expected() > 0 && tally.reordered() == 0
          && Stats.millis(latency, 99) <= 100;
    }

    String describe() {
      return String.format("%,.0f msgs/s: p50 %.2f ms, p99 %.2f ms, lost %d, dup %d, reordered %d, sent %d;"
          + " CPU A %.0f%%, B %.0f%%, load generator %.0f%%; load avg %.2f -> %s", rate, Stats.millis(latency, 50),
          Stats.millis(latency, 99), tally.lost(), tally.duplicates(), tally.reordered(), published.requests(),
          cpu[0] * 100, cpu[1] * 100, cpu[2] * 100, load, passed() ? "pass" : "FAIL");
    }
  }

  private record Round(double maxRate, String atMax, double p50, double p99, String latencyNotes) {}

  private final Settings settings;
  private final LoadClient client;

  public SocketIoCrossNodeScenario(Settings settings, LoadClient client) {
    this.settings = settings;
    this.client = client;
  }

  public List<Row> run() {
    Map<SocketIoClusterTarget, List<Round>> rounds = Rounds.alternate(settings, "Socket.IO cross-node",
        SocketIoClusterTarget.class, (t, n) -> {
          client.rotateSources(500 + n * 4 + t.ordinal());
          return round(t);
        });
    List<Round> td = rounds.get(SocketIoClusterTarget.TIDINGS);
    List<Round> node = rounds.get(SocketIoClusterTarget.NODE);
    List<Round> mixed = rounds.get(SocketIoClusterTarget.MIXED);
    double t = Stats.median(td.stream().map(Round::maxRate).toList());
    double n = Stats.median(node.stream().map(Round::maxRate).toList());
    double m = Stats.median(mixed.stream().map(Round::maxRate).toList());
    double tp99 = Stats.median(td.stream().map(Round::p99).toList());
    double np99 = Stats.median(node.stream().map(Round::p99).toList());
    double mp99 = Stats.median(mixed.stream().map(Round::p99).toList());
    String peer = SocketIoClusterTarget.NODE.label();
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("S6", "Socket.IO cross-node: emit on A, 1 client in the room on B, through PostgreSQL; msgs/s at B,"
        + " 0 loss, in order, p99 ≤ 100 ms", "msgs/s", t, n, peer, t / n, "≥ 10× Node ↔ Node", t / n >= 10,
        "Rounds: " + rounded(rounds) + ". At the maximum (last round): Tidings " + last(td).atMax() + "; Node "
            + last(node).atMax() + "; mixed " + last(mixed).atMax() + ".", "bench/run run socketio-cross"));
    rows.add(new Row("S6 mixed", "The same, Tidings A → Node B (one cluster, both adapters on the wire)", "msgs/s", m, n,
        peer, m / n, "– (wire compatibility under load: 0 loss, in order)", false,
        "", "bench/run run socketio-cross"));
    rows.add(new Row("S7 p99", "Socket.IO cross-node latency p99 at 1,000 msgs/s (A → PostgreSQL → B)", "ms", tp99, np99,
        peer, tp99 / np99, "≤ 5 ms", tp99 <= 5, String.format("p50: Tidings %.2f ms, Node %.2f ms, mixed %.2f ms (p99 %.2f ms). ",
            Stats.median(td.stream().map(Round::p50).toList()), Stats.median(node.stream().map(Round::p50).toList()),
            Stats.median(mixed.stream().map(Round::p50).toList()), mp99) + last(td).latencyNotes() + " / "
            + last(node).latencyNotes(), "bench/run run socketio-cross"));
    return rows;
  }

  private static String rounded(Map<SocketIoClusterTarget, List<Round>> rounds) {
    StringBuilder sb = new StringBuilder();
    rounds.forEach((t, l) -> sb.append(sb.isEmpty() ? "" : ", ").append(t.label()).append(' ')
        .append(l.stream().map(r -> Math.round(r.maxRate())).toList()));
    return sb.toString();
  }

  private static Round last(List<Round> l) {
    return l.get(l.size() - 1);
  }

  private Round round(SocketIoClusterTarget t) {
    Postgres.createDatabase(DATABASE);
    int portA = Servers.freePort();
    int portB = Servers.freePort();
    try (ManagedProcess a = t.start(settings, true, "0", portA, DATABASE);
         ManagedProcess b = t.start(settings, false, "1", portB, DATABASE);
         SubscriberPool pool = new SubscriberPool(client, "127.0.0.1", portB, SubscriberProtocol.socketIo(), 10);
         SocketIoPublisher publisher = new SocketIoPublisher(client, "127.0.0.1", portA)) {
      SubscriberPool.sleepMillis(2000); // the nodes find each other
      pool.open(1, 30);
      int[] stream = {0};
      step(a, b, pool, publisher, ++stream[0], START_RATE / 2, settings.warmupNanos()); // warm-up
      double rate = START_RATE;
      double pass = 0;
      double fail = Double.POSITIVE_INFINITY;
      Step best = null;
      for (int i = 0; i < MAX_STEPS; i++) {
        Step s = step(a, b, pool, publisher, ++stream[0], rate, settings.stepNanos());
        System.out.println("  step " + s.describe());
        if (!s.passed()) {
          s = step(a, b, pool, publisher, ++stream[0], rate, settings.stepNanos());
          System.out.println("  retry " + s.describe());
        }
        if (s.passed()) {
          pass = rate;
          best = s;
        } else {
          fail = rate;
        }
        if (fail == Double.POSITIVE_INFINITY) {
          rate *= 1.3;
        } else if (pass == 0) {
          rate /= 2;
        } else if (fail / pass < 1.06) {
          break;
        } else {
          rate = (pass + fail) / 2;
        }
      }
      Step lat = step(a, b, pool, publisher, ++stream[0], LATENCY_RATE, settings.stepNanos() * 3);
      System.out.println("  latency " + lat.describe());
      return new Round(pass, best == null ? "none passed" : best.describe(), Stats.millis(lat.latency(), 50),
          Stats.millis(lat.latency(), 99), t.label() + " at 1,000 msgs/s: " + lat.describe());
    } finally {
      Postgres.dropDatabase(DATABASE);
    }
  }

  private Step step(ManagedProcess a, ManagedProcess b, SubscriberPool pool, SocketIoPublisher publisher, int stream,
      double rate, long nanos) {
    if (!pool.awaitQuiet(null, QUIET_NANOS, Settings.seconds(10))) {
      System.out.println("  (B was still delivering an earlier step after 10 s)");
    }
    Recording r = new Recording(stream, client.loopCount());
    pool.measure(r);
    double load = ProcStats.loadAverage();
    ProcStats.Meter meter = ProcStats.start(a.pid(), b.pid(), ProcessHandle.current().pid());
    OpenLoopPublisher.Result published = publisher.run(stream, rate, 1, nanos, Settings.seconds(10));
    double[] cpu = meter.stop();
    pool.awaitQuiet(null, QUIET_NANOS, Settings.seconds(5));
    pool.measure(null);
    Tally tally = pool.tally(r, published.acceptedMessages(), null);
    return new Step(rate, published, tally, r.merged(), cpu, load);
  }
}
