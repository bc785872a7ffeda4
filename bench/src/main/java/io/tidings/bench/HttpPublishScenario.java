package io.tidings.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scenario 2: the HTTP publish API alone — signed {@code POST /apps/app-id/events} with a 100-byte event,
 * 16 keep-alive connections each sending its next request when the previous is answered, no
 * subscribers. Reports answered requests/s and the response-time percentiles.
 *
 * <p>Run by one thread.
 */
public final class HttpPublishScenario {

  static final int CONNECTIONS = 16;

  private record Round(double perSecond, double p50, double p99, long failed, double serverCpu, double loadCpu,
      double load) {}

  private final Settings settings;
  private final LoadClient client;

  public HttpPublishScenario(Settings settings, LoadClient client) {
    this.settings = settings;
    this.client = client;
  }

  public List<Row> run() {
    Map<PusherTarget, List<Round>> rounds = Rounds.alternate(settings, "2 HTTP publish", PusherTarget.class, (t, n) -> {
      Round r = round(t);
      System.out.printf("  %,.0f requests/s, p50 %.2f ms, p99 %.2f ms, failed %d, server CPU %.0f%%, load generator CPU %.0f%%, load avg %.2f%n",
          r.perSecond(), r.p50(), r.p99(), r.failed(), r.serverCpu() * 100, r.loadCpu() * 100, r.load());
      return r;
    });
    List<Round> td = rounds.get(PusherTarget.TIDINGS);
    List<Round> sk = rounds.get(PusherTarget.SOKETI);
    double t = Stats.median(td.stream().map(Round::perSecond).toList());
    double s = Stats.median(sk.stream().map(Round::perSecond).toList());
    double tp99 = Stats.median(td.stream().map(Round::p99).toList());
    double sp99 = Stats.median(sk.stream().map(Round::p99).toList());
    double tp50 = Stats.median(td.stream().map(Round::p50).toList());
    double sp50 = Stats.median(sk.stream().map(Round::p50).toList());
    boolean clean = td.stream().allMatch(r -> r.failed() == 0);
    String notes = "Rounds req/s: Tidings " + td.stream().map(r -> Math.round(r.perSecond())).toList() + ", Soketi "
        + sk.stream().map(r -> Math.round(r.perSecond())).toList() + String.format(
            ". p50: Tidings %.2f ms, Soketi %.2f ms. CPU (last round) server/load generator: Tidings %.0f%%/%.0f%%, Soketi %.0f%%/%.0f%%; load avg %.2f.",
            tp50, sp50, last(td).serverCpu() * 100, last(td).loadCpu() * 100, last(sk).serverCpu() * 100,
            last(sk).loadCpu() * 100, last(td).load());
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("2", "HTTP publish API: signed POST /events, 16 keep-alive connections, no subscribers",
        "requests/s", t, s, PusherTarget.SOKETI.label(), t / s, "≥ 2× Soketi", t / s >= 2 && clean, notes,
        "bench/run run http-publish"));
    rows.add(new Row("2 p99", "HTTP publish API response time p99, same run", "ms", tp99, sp99,
        PusherTarget.SOKETI.label(), tp99 / sp99, "below Soketi's", tp99 < sp99, "", "bench/run run http-publish"));
    return rows;
  }

  private static Round last(List<Round> l) {
    return l.get(l.size() - 1);
  }

  private Round round(PusherTarget t) {
    int port = Servers.freePort();
    try (ManagedProcess server = t.start(settings, port, Map.of());
         ClosedLoopHammer hammer = new ClosedLoopHammer(client, 0)) {
      hammer.open("127.0.0.1", port, CONNECTIONS);
      byte[] request = t.requests(port, FanOutRig.CHANNEL).request(List.of(Payload.encode(0, 0, 0)));
      double load = ProcStats.loadAverage();
      ProcStats.Meter meter = ProcStats.start(server.pid(), ProcessHandle.current().pid());
      ClosedLoopHammer.Result r = hammer.run(request, settings.warmupNanos(), settings.stepNanos() * 2);
      double[] cpu = meter.stop();
      return new Round(r.perSecond(), Stats.millis(r.latency(), 50), Stats.millis(r.latency(), 99), r.failed(), cpu[0],
          cpu[1], load);
    }
  }
}
