package io.tidings.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scenario 6: memory per idle subscribed connection. Connections are opened in steps up to 19,000 (the
 * per-process limit of open files is 20,000); after each step the server settles for a moment and its
 * RSS is read (and, for Tidings, the live heap after a full GC through {@code jcmd}). The figures per
 * connection are least-squares slopes over the steps, so fixed costs do not count.
 *
 * <p>Run by one thread.
 */
public final class IdleConnectionsScenario {

  static final int[] STEPS = {0, 5_000, 10_000, 15_000, 19_000};
  private static final long SETTLE_MILLIS = 3_000;

  /** One round's figures: RSS and (JVM servers) live heap per connection, as slopes; RSS at the last step. */
  record Round(double rssPerConnection, double heapPerConnection, long rssAtMax) {}

  private final Settings settings;
  private final LoadClient client;

  public IdleConnectionsScenario(Settings settings, LoadClient client) {
    this.settings = settings;
    this.client = client;
  }

  public List<Row> run() {
    Map<PusherTarget, List<Round>> rounds = Rounds.alternate(settings, "6 idle connections", PusherTarget.class, (t, n) -> {
      client.rotateSources(100 + n * 2 + t.ordinal());
      return round(t);
    });
    List<Round> td = rounds.get(PusherTarget.TIDINGS);
    List<Round> sk = rounds.get(PusherTarget.SOKETI);
    double heap = Stats.median(td.stream().map(Round::heapPerConnection).toList());
    double tRss = Stats.median(td.stream().map(Round::rssPerConnection).toList());
    double sRss = Stats.median(sk.stream().map(Round::rssPerConnection).toList());
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("6 heap", "Idle subscribed connections (19,000 on one node): live heap per connection (slope after a full GC)",
        "bytes/connection", heap, Double.NaN, "", Double.NaN, "≤ 4 KB (4,096 B)", heap <= 4096,
        "Rounds: " + td.stream().map(r -> Math.round(r.heapPerConnection())).toList(), "bench/run run idle"));
    rows.add(new Row("6 RSS", "Idle subscribed connections: process RSS per connection (slope, 0 → 19,000)",
        "bytes/connection", tRss, sRss, PusherTarget.SOKETI.label(), tRss / sRss, "below Soketi's", tRss < sRss,
        "Rounds: Tidings " + td.stream().map(r -> Math.round(r.rssPerConnection())).toList() + ", Soketi "
            + sk.stream().map(r -> Math.round(r.rssPerConnection())).toList() + String.format(
                ". RSS at 19,000: Tidings %.0f MB, Soketi %.0f MB (kernel socket memory is outside RSS).",
                last(td).rssAtMax() / 1e6, last(sk).rssAtMax() / 1e6), "bench/run run idle"));
    return rows;
  }

  private static Round last(List<Round> l) {
    return l.get(l.size() - 1);
  }

  /** Opens idle subscribers on a fresh {@code t} in steps and measures its memory after each. */
  Round round(ServerTarget t) {
    int port = Servers.freePort();
    try (ManagedProcess server = t.start(settings, port, Map.of())) {
      SubscriberPool pool = new SubscriberPool(client, "127.0.0.1", port, t.protocol(), 500);
      try {
        double[] n = new double[STEPS.length];
        double[] rss = new double[STEPS.length];
        double[] heap = new double[STEPS.length];
        int open = 0;
        for (int i = 0; i < STEPS.length; i++) {
          pool.open(STEPS[i] - open, 120);
          open = STEPS[i];
          SubscriberPool.sleepMillis(SETTLE_MILLIS);
          n[i] = open;
          heap[i] = t.jvm() ? JvmHeap.liveBytes(server.pid()) : Double.NaN;
          rss[i] = ProcStats.rssBytes(server.pid());
          System.out.printf("  %,6d connections: RSS %,.1f MB%s%n", open, rss[i] / 1e6,
              Double.isNaN(heap[i]) ? "" : String.format(", live heap %,.1f MB", heap[i] / 1e6));
        }
        if (pool.subscribed() != STEPS[STEPS.length - 1] || pool.closed() > 0) {
          throw new IllegalStateException(pool.closed() + " idle connections were closed");
        }
        Round r = new Round(slope(n, rss), t.jvm() ? slope(n, heap) : Double.NaN,
            (long) rss[rss.length - 1]);
        System.out.printf("  per connection: RSS %,.0f B%s%n", r.rssPerConnection(),
            Double.isNaN(r.heapPerConnection()) ? "" : String.format(", heap %,.0f B", r.heapPerConnection()));
        return r;
      } finally {
        pool.close();
      }
    }
  }

  /** Least-squares slope of y over x. */
  static double slope(double[] x, double[] y) {
    double mx = 0;
    double my = 0;
    for (int i = 0; i < x.length; i++) {
      mx += x[i];
      my += y[i];
    }
    mx /= x.length;
    my /= x.length;
    double num = 0;
    double den = 0;
    for (int i = 0; i < x.length; i++) {
      num += (x[i] - mx) * (y[i] - my);
      den += (x[i] - mx) * (x[i] - mx);
    }
    return num / den;
  }
}
