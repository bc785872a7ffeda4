package io.tidings.bench;

import io.netty.channel.ChannelOption;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scenario 3, end-to-end latency with 1,000 subscribers at a quarter of Soketi's scenario-1 maximum, and
 * scenario 8, a slow consumer: on the same server, a baseline window at half of Soketi's maximum, then
 * the same load while one subscriber stops reading (receive buffer shrunk to 4 KB so the kernel holds
 * little for it). The others' p99 is compared with the baseline; the server's side of the stalled
 * connection is watched in {@code /proc/net/tcp} to see when the server closes it. Both servers get
 * {@code SOKETI_WS_MAX_BUFFERED_KB=64} (Tidings' cap; Soketi has no such variable and keeps uWS's
 * built-in 1 MiB back-pressure limit), so the cap is reached within the window.
 *
 * <p>Run by one thread.
 */
public final class LatencyScenario {

  // 64 KB: at the slow consumer's share of the traffic (about 4 KB/s) the kernel's send queue (autotuned,
  // ~120 KB seen) and then this cap fill within the observation window.
  static final int BUFFER_CAP_KB = 64;

  private record Round(double p50, double p99, double baselineP99, double slowP99, String slowFate, String notes) {}

  private final Settings settings;
  private final LoadClient client;
  private final double soketiMaxDeliveries;

  /** @param soketiMaxDeliveries Soketi's scenario-1 maximum of the same run (deliveries/s) */
  public LatencyScenario(Settings settings, LoadClient client, double soketiMaxDeliveries) {
    this.settings = settings;
    this.client = client;
    this.soketiMaxDeliveries = soketiMaxDeliveries;
  }

  public List<Row> run() {
    double quarter = soketiMaxDeliveries / 4 / FanOutScenario.SUBSCRIBERS;
    double half = soketiMaxDeliveries / 2 / FanOutScenario.SUBSCRIBERS;
    Map<PusherTarget, List<Round>> rounds = Rounds.alternate(settings, "3, 8 latency, slow consumer", PusherTarget.class, (t, n) -> {
      client.rotateSources(50 + n * 2 + t.ordinal());
      return round(t, quarter, half);
    });
    List<Round> td = rounds.get(PusherTarget.TIDINGS);
    List<Round> sk = rounds.get(PusherTarget.SOKETI);
    double tP50 = Stats.median(td.stream().map(Round::p50).toList());
    double tP99 = Stats.median(td.stream().map(Round::p99).toList());
    double sP50 = Stats.median(sk.stream().map(Round::p50).toList());
    double sP99 = Stats.median(sk.stream().map(Round::p99).toList());
    String rate = String.format("%,.0f deliveries/s (%.1f msgs/s × 1,000)", quarter * FanOutScenario.SUBSCRIBERS, quarter);
    double p50Ratio = tP50 / sP50;
    double p99Ratio = tP99 / sP99;
    List<Row> rows = new ArrayList<>();
    rows.add(new Row("3 p50", "End-to-end latency p50, 1,000 subscribers at " + rate, "ms", tP50, sP50,
        PusherTarget.SOKETI.label(), p50Ratio, "≤ 0.5× Soketi", p50Ratio <= 0.5,
        "Rounds p50/p99 ms: Tidings " + pairs(td) + "; Soketi " + pairs(sk) + ". " + last(td).notes() + " | "
            + last(sk).notes(), "bench/run run latency"));
    rows.add(new Row("3 p99", "End-to-end latency p99, same run", "ms", tP99, sP99, PusherTarget.SOKETI.label(),
        p99Ratio, "≤ 0.5× Soketi", p99Ratio <= 0.5, p50Ratio <= 0.5 && p99Ratio <= 0.5 ? "" : String.format("Goal not met: p50 %.2f× and p99"
            + " %.2f× Soketi's against 0.5×. In the profile about nine tenths of the server's CPU at this rate is the"
            + " kernel's write path, one write() per subscriber socket per event, which Soketi pays as well; see"
            + " PERFORMANCE.md, \"Latency at a fixed rate\".", p50Ratio, p99Ratio), "bench/run run latency"));
    double tGrowth = Stats.median(td.stream().map(r -> r.slowP99() / r.baselineP99()).toList());
    double sGrowth = Stats.median(sk.stream().map(r -> r.slowP99() / r.baselineP99()).toList());
    boolean closed = td.stream().allMatch(r -> r.slowFate().startsWith("closed"));
    rows.add(new Row("8", String.format("Slow consumer: one of 1,000 subscribers stops reading at %,.0f deliveries/s;"
        + " the others' p99 with it ÷ without it", half * FanOutScenario.SUBSCRIBERS), "× baseline p99", tGrowth,
        sGrowth, PusherTarget.SOKETI.label(), Double.NaN, "≤ 2×, and the stalled connection capped, then closed",
        tGrowth <= 2 && closed, "Tidings rounds (baseline → with slow p99 ms; fate): " + fates(td) + ". Soketi: "
            + fates(sk) + ".", "bench/run run latency"));
    return rows;
  }

  private static Round last(List<Round> l) {
    return l.get(l.size() - 1);
  }

  private static String pairs(List<Round> l) {
    return l.stream().map(r -> String.format("%.2f/%.2f", r.p50(), r.p99())).toList().toString();
  }

  private static String fates(List<Round> l) {
    return l.stream().map(r -> String.format("%.2f → %.2f; %s", r.baselineP99(), r.slowP99(), r.slowFate())).toList()
        .toString();
  }

  private Round round(PusherTarget t, double quarter, double half) {
    Map<String, String> env = Map.of("SOKETI_WS_MAX_BUFFERED_KB", Integer.toString(BUFFER_CAP_KB));
    try (FanOutRig rig = new FanOutRig(settings, client, t, FanOutScenario.SUBSCRIBERS, env)) {
      rig.warmUp(half);
      FanOutRig.Step latency = rig.step(quarter, settings.stepNanos() * 3, null);
      System.out.println("  latency " + latency.describe() + "\n" + latency.details());
      FanOutRig.Step baseline = rig.step(half, settings.stepNanos() * 2, null);
      System.out.println("  baseline " + baseline.describe() + "\n" + baseline.details());

      Subscriber slow = rig.pool().subscribers().get(0);
      int serverPort = ((InetSocketAddress) slow.channel().remoteAddress()).getPort();
      int clientPort = ((InetSocketAddress) slow.channel().localAddress()).getPort();
      slow.channel().eventLoop().submit(() -> {
        slow.channel().config().setOption(ChannelOption.SO_RCVBUF, 4096);
        slow.channel().config().setAutoRead(false);
      }).syncUninterruptibly();
      long rssBefore = ProcStats.rssBytes(rig.server().pid());
      long start = System.nanoTime();
      long window = Math.max(settings.stepNanos() * 4, Settings.seconds(settings.isQuick() ? 60 : 90));
      long[] closedAfter = {-1};
      long[] maxSendQueue = {0};
      Thread watcher = Thread.ofPlatform().daemon().start(() -> {
        while (System.nanoTime() - start < window + Settings.seconds(5) && closedAfter[0] < 0) {
          TcpTable.Entry e = TcpTable.serverSide(serverPort, clientPort);
          if (e == null || e.state() != TcpTable.ESTABLISHED) {
            closedAfter[0] = System.nanoTime() - start;
          } else {
            maxSendQueue[0] = Math.max(maxSendQueue[0], e.sendQueueBytes());
          }
          SubscriberPool.sleepMillis(250);
        }
      });
      FanOutRig.Step withSlow = rig.step(half, window, slow);
      System.out.println("  with a slow consumer " + withSlow.describe() + "\n" + withSlow.details());
      try {
        watcher.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      long rssAfter = ProcStats.rssBytes(rig.server().pid());
      String fate = closedAfter[0] >= 0
          ? String.format("closed by the server after %.1f s", closedAfter[0] / 1e9)
          : "still open after " + window / 1_000_000_000 + " s";
      fate += String.format(" (kernel send queue peak %,d B, server RSS %+.1f MB)", maxSendQueue[0],
          (rssAfter - rssBefore) / 1e6);
      System.out.println("  slow consumer: " + fate);
      String notes = t.label() + ": server CPU " + Math.round(latency.serverCpu() * 100) + "%, load generator CPU "
          + Math.round(latency.loadCpu() * 100) + "%, load avg " + latency.load();
      return new Round(Stats.millis(latency.latency(), 50), Stats.millis(latency.latency(), 99),
          Stats.millis(baseline.latency(), 99), Stats.millis(withSlow.latency(), 99), fate, notes);
    }
  }
}
