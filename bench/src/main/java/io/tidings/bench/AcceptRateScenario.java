package io.tidings.bench;

import java.util.List;
import java.util.Map;

/**
 * Scenario 7: how fast a server accepts connections — TCP connect, WebSocket upgrade, Pusher
 * {@code connection_established}, subscribe, {@code subscription_succeeded} — with 256 handshakes in
 * flight. After a warm-up batch (closed again), 10,000 connections are opened; the rate is their count
 * over the time from the first connect to the last subscription.
 *
 * <p>Run by one thread.
 */
public final class AcceptRateScenario {

  static final int CONNECTIONS = 10_000;
  static final int WARMUP_CONNECTIONS = 3_000;
  static final int IN_FLIGHT = 256;

  /** One round's accept rate and the CPU of the server and of the load generator while opening. */
  record Round(double perSecond, double serverCpu, double loadCpu, double load) {}

  private final Settings settings;
  private final LoadClient client;

  public AcceptRateScenario(Settings settings, LoadClient client) {
    this.settings = settings;
    this.client = client;
  }

  public List<Row> run() {
    Map<PusherTarget, List<Round>> rounds = Rounds.alternate(settings, "7 accept rate", PusherTarget.class,
        (t, n) -> round(t, 150 + n * 4 + t.ordinal() * 2));
    List<Round> td = rounds.get(PusherTarget.TIDINGS);
    List<Round> sk = rounds.get(PusherTarget.SOKETI);
    double t = Stats.median(td.stream().map(Round::perSecond).toList());
    double s = Stats.median(sk.stream().map(Round::perSecond).toList());
    String notes = "Rounds: Tidings " + td.stream().map(r -> Math.round(r.perSecond())).toList() + ", Soketi "
        + sk.stream().map(r -> Math.round(r.perSecond())).toList() + String.format(
            ". CPU while opening (last round) server/load generator: Tidings %.0f%%/%.0f%%, Soketi %.0f%%/%.0f%%; load avg %.2f.",
            last(td).serverCpu() * 100, last(td).loadCpu() * 100, last(sk).serverCpu() * 100, last(sk).loadCpu() * 100,
            last(td).load());
    return List.of(new Row("7", "Connection accept rate: connect + upgrade + subscribe, 256 in flight, 10,000 connections",
        "connections/s", t, s, PusherTarget.SOKETI.label(), t / s, "≥ 1.2× Soketi", t / s >= 1.2, notes,
        "bench/run run accept"));
  }

  private static Round last(List<Round> l) {
    return l.get(l.size() - 1);
  }

  /**
   * A fresh {@code t}: a warm-up batch opened and closed, then {@link #CONNECTIONS} opened and timed.
   * Connections come from the source-address ranges {@code sources} and {@code sources + 1}.
   */
  Round round(ServerTarget t, int sources) {
    int port = Servers.freePort();
    try (ManagedProcess server = t.start(settings, port, Map.of())) {
      client.rotateSources(sources);
      try (SubscriberPool warm = new SubscriberPool(client, "127.0.0.1", port, t.protocol(), IN_FLIGHT)) {
        warm.open(WARMUP_CONNECTIONS, 120);
      }
      SubscriberPool.sleepMillis(2000);
      client.rotateSources(sources + 1);
      try (SubscriberPool pool = new SubscriberPool(client, "127.0.0.1", port, t.protocol(), IN_FLIGHT)) {
        double load = ProcStats.loadAverage();
        ProcStats.Meter meter = ProcStats.start(server.pid(), ProcessHandle.current().pid());
        pool.open(CONNECTIONS, 120);
        double[] cpu = meter.stop();
        double rate = CONNECTIONS * 1e9 / pool.openingNanos();
        System.out.printf("  %,.0f connections/s (server CPU %.0f%%, load generator CPU %.0f%%, load avg %.2f)%n", rate,
            cpu[0] * 100, cpu[1] * 100, load);
        return new Round(rate, cpu[0], cpu[1], load);
      }
    }
  }
}
