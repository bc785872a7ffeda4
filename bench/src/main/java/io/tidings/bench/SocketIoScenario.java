package io.tidings.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * The Socket.IO comparison (issue 12), every server of {@link SocketIoTarget} side by side in one run,
 * round after round, each part on fresh server processes; clients speak Engine.IO v4 / Socket.IO v5 over
 * raw WebSockets from the bench's own Netty client:
 *
 * <ul>
 *   <li>{@code fanout}: 1,000 websocket clients in one room; the highest deliveries/s held for the sustain
 *       window with no loss and p99 ≤ 100 ms (the search of scenario 1). Messages are published over a
 *       Socket.IO connection of their own ({@code publish} → room).</li>
 *   <li>{@code latency}: the same 1,000 clients; the latency (p50/p99) at a fixed
 *       {@value #LATENCY_MESSAGES_PER_SECOND} messages/s (20,000 deliveries/s) for three steps' time.</li>
 *   <li>{@code acks}: {@value #ACK_CONNECTIONS} connections, each with one {@code emit} with ack in flight
 *       (closed loop); acks/s and their round-trip p50/p99.</li>
 *   <li>{@code idle}: memory per idle connection, 0 → 19,000 (scenario 6's steps): RSS slope for all,
 *       live heap slope after a full GC for the JVM servers.</li>
 *   <li>{@code accept}: connect + upgrade + Engine.IO open + namespace CONNECT, 256 in flight, 10,000
 *       connections (scenario 7's method).</li>
 * </ul>
 *
 * <p>Run by one thread.
 */
public final class SocketIoScenario {

  static final double LATENCY_MESSAGES_PER_SECOND = 20;
  static final int ACK_CONNECTIONS = 100;
  private static final double START_MESSAGES_PER_SECOND = 20;
  /** Every part, in the order they run. */
  public static final List<String> PARTS = List.of("fanout", "latency", "acks", "idle", "accept");

  private record FanOut(double maxDeliveries, String atMax) {}

  private record Latency(double p50, double p99, String notes) {}

  private record Acks(double perSecond, double p50, double p99, long wrong, double serverCpu, double loadCpu, double load) {}

  /**
   * A row's goal: its words, the bound on Tidings ÷ Node and on Tidings ÷ netty-socketio (NaN: none),
   * which side of a bound passes, and an absolute upper bound on Tidings' figure (NaN: none).
   */
  private record Goal(String text, double nodeRatio, double nettyRatio, boolean higherIsBetter, double absoluteMax) {
    static Goal none() {
      return new Goal("–", Double.NaN, Double.NaN, true, Double.NaN);
    }

    /**
     * Whether this goal says anything about {@code peer}'s row: a bound on its ratio, or an absolute one. A
     * goal with no bound at all ({@link #none}) stands on every row.
     */
    boolean appliesTo(SocketIoTarget peer) {
      boolean none = Double.isNaN(nodeRatio) && Double.isNaN(nettyRatio) && Double.isNaN(absoluteMax);
      return none || !Double.isNaN(absoluteMax) || !Double.isNaN(peer == SocketIoTarget.NODE ? nodeRatio : nettyRatio);
    }

    boolean met(double tidings, double ratio, SocketIoTarget peer) {
      if (Double.isNaN(tidings)) return false;
      if (!Double.isNaN(absoluteMax) && tidings > absoluteMax) return false;
      double bound = peer == SocketIoTarget.NODE ? nodeRatio : nettyRatio;
      return Double.isNaN(bound) || (higherIsBetter ? ratio >= bound : ratio <= bound);
    }
  }

  private record Round(FanOut fanOut, Latency latency, Acks acks, IdleConnectionsScenario.Round idle, AcceptRateScenario.Round accept) {}

  private final Settings settings;
  private final LoadClient client;
  private final Set<String> parts;
  private final Set<SocketIoTarget> servers;

  /**
   * @param parts   which of {@link #PARTS} to run
   * @param servers which servers to measure (the others' cells show "–"): all of them for a comparison,
   *                one when profiling it
   */
  public SocketIoScenario(Settings settings, LoadClient client, Set<String> parts, Set<SocketIoTarget> servers) {
    this.settings = settings;
    this.client = client;
    this.parts = parts;
    this.servers = servers;
  }

  public List<Row> run() {
    Map<SocketIoTarget, List<Round>> rounds = Rounds.alternate(settings, "Socket.IO " + parts, SocketIoTarget.class,
        (t, n) -> {
          client.rotateSources(300 + n * 8 + t.ordinal() * 4);
          FanOut f = part("fanout", t, () -> fanOut(t), new FanOut(Double.NaN, "failed"));
          Latency l = part("latency", t, () -> latency(t), new Latency(Double.NaN, Double.NaN, "failed"));
          Acks a = part("acks", t, () -> acks(t), new Acks(Double.NaN, Double.NaN, Double.NaN, 0, 0, 0, 0));
          IdleConnectionsScenario.Round i = part("idle", t, () -> new IdleConnectionsScenario(settings, client).round(t),
              new IdleConnectionsScenario.Round(Double.NaN, Double.NaN, 0));
          AcceptRateScenario.Round c = part("accept", t,
              () -> new AcceptRateScenario(settings, client).round(t, 400 + n * 8 + t.ordinal() * 4),
              new AcceptRateScenario.Round(Double.NaN, 0, 0, 0));
          return new Round(f, l, a, i, c);
        });
    List<Row> rows = new ArrayList<>();
    if (parts.contains("fanout")) {
      rows.addAll(rows("S1", "Socket.IO fan-out: 1 node, 1 room, 1,000 websocket clients; max deliveries/s sustained "
          + settings.sustainNanos() / 1_000_000_000 + " s, 0 loss, p99 ≤ 100 ms", "deliveries/s", rounds,
          r -> r.fanOut().maxDeliveries(), new Goal("≥ 3× Node and ≥ 2× netty-socketio", 3, 2, true, Double.NaN),
          r -> "at the maximum: " + r.fanOut().atMax()));
    }
    if (parts.contains("latency")) {
      rows.addAll(rows("S2 p50", "Socket.IO latency p50 at 20,000 deliveries/s (20 msgs/s × 1,000 clients)", "ms", rounds,
          r -> r.latency().p50(), Goal.none(), r -> r.latency().notes()));
      rows.addAll(rows("S2 p99", "Socket.IO latency p99 at 20,000 deliveries/s, same run", "ms", rounds,
          r -> r.latency().p99(), new Goal("≤ 0.5× Node's", 0.5, Double.NaN, false, Double.NaN), r -> ""));
    }
    if (parts.contains("acks")) {
      rows.addAll(rows("S3", "Socket.IO acks: " + ACK_CONNECTIONS + " connections, one emit with ack in flight each;"
          + " acks/s", "acks/s", rounds, r -> r.acks().perSecond(), Goal.none(),
          r -> String.format("p50 %.2f ms, p99 %.2f ms, wrong answers %d, server CPU %.0f%%, load generator CPU %.0f%%,"
              + " load avg %.2f", r.acks().p50(), r.acks().p99(), r.acks().wrong(), r.acks().serverCpu() * 100,
              r.acks().loadCpu() * 100, r.acks().load())));
    }
    if (parts.contains("idle")) {
      rows.addAll(rows("S4 heap", "Socket.IO idle connections (19,000): live heap per connection (slope after a full GC;"
          + " JVM servers)", "bytes/connection", rounds, r -> r.idle().heapPerConnection(),
          new Goal("≤ 4 KB (4,096 B)", Double.NaN, Double.NaN, false, 4096), r -> ""));
      rows.addAll(rows("S4 RSS", "Socket.IO idle connections: process RSS per connection (slope, 0 → 19,000)",
          "bytes/connection", rounds, r -> r.idle().rssPerConnection(), new Goal("below both peers'", 1, 1, false, Double.NaN),
          r -> String.format("RSS at 19,000: %.0f MB", r.idle().rssAtMax() / 1e6)));
    }
    if (parts.contains("accept")) {
      rows.addAll(rows("S5", "Socket.IO accept rate: connect + upgrade + Engine.IO open + CONNECT, 256 in flight,"
          + " 10,000 connections", "connections/s", rounds, r -> r.accept().perSecond(), Goal.none(), r -> String.format("server CPU %.0f%%, load generator CPU %.0f%%, load avg %.2f",
              r.accept().serverCpu() * 100, r.accept().loadCpu() * 100, r.accept().load())));
    }
    return rows;
  }

  /**
   * One row per peer for a metric: Tidings' median against the peer's (Tidings' cell is empty while no
   * Tidings target exists), the notes (every round's figures, the last round's details) on the first.
   */
  private List<Row> rows(String id, String scenario, String unit, Map<SocketIoTarget, List<Round>> rounds,
      ToDoubleFunction<Round> figure, Goal goal, java.util.function.Function<Round, String> lastNote) {
    double tidings = Double.NaN;
    StringBuilder notes = new StringBuilder("Rounds:");
    for (SocketIoTarget t : SocketIoTarget.values()) {
      List<Double> v = rounds.get(t).stream().map(figure::applyAsDouble).toList();
      notes.append(' ').append(t.label()).append(' ').append(v.stream().map(Stats::fmt).toList()).append(';');
      if (t.isTidings()) tidings = Stats.median(v);
    }
    for (SocketIoTarget t : SocketIoTarget.values()) {
      List<Round> l = rounds.get(t);
      String n = lastNote.apply(l.get(l.size() - 1));
      if (!n.isBlank()) notes.append(" Last round, ").append(t.label()).append(": ").append(n).append('.');
    }
    if (Double.isNaN(tidings)) notes.append(" No Tidings Socket.IO target yet (the server API lands from branch sio-server).");
    List<Row> out = new ArrayList<>();
    for (SocketIoTarget peer : SocketIoTarget.values()) {
      if (peer.isTidings()) continue;
      double p = Stats.median(rounds.get(peer).stream().map(figure::applyAsDouble).toList());
      double ratio = tidings / p;
      boolean applies = goal.appliesTo(peer);
      out.add(new Row(id, scenario, unit, tidings, p, peer.label(), ratio, applies ? goal.text() : "– (" + goal.text() + ")",
          applies && goal.met(tidings, ratio, peer),
          peer == SocketIoTarget.NODE ? notes.toString() : "", "bench/run run socketio"));
    }
    return out;
  }

  /**
   * Runs one part for one server, or returns {@code failed} (NaN figures) when the part or the server is not
   * selected or the server failed the part: one server failing one part (connections refused or closed) must
   * not cost the others' figures of the run. The failure is printed and shows as "–" in the table.
   */
  private <R> R part(String name, SocketIoTarget t, java.util.function.Supplier<R> run, R failed) {
    if (!parts.contains(name) || !servers.contains(t)) return failed;
    try {
      return run.get();
    } catch (RuntimeException e) {
      System.out.println("  " + name + " FAILED for " + t.label() + ": " + e.getMessage());
      return failed;
    }
  }

  private FanOut fanOut(SocketIoTarget t) {
    try (FanOutRig rig = new FanOutRig(settings, client, t, FanOutScenario.SUBSCRIBERS, Map.of())) {
      rig.warmUp(LATENCY_MESSAGES_PER_SECOND);
      FanOutRig.Step max = FanOutScenario.maximum(settings, rig, START_MESSAGES_PER_SECOND);
      return new FanOut(max == null ? 0 : max.deliveriesPerSecond(), max == null ? "none passed" : max.describe());
    }
  }

  private Latency latency(SocketIoTarget t) {
    try (FanOutRig rig = new FanOutRig(settings, client, t, FanOutScenario.SUBSCRIBERS, Map.of())) {
      rig.warmUp(LATENCY_MESSAGES_PER_SECOND);
      FanOutRig.Step lat = rig.step(LATENCY_MESSAGES_PER_SECOND, settings.stepNanos() * 3, null);
      System.out.println("  latency " + lat.describe() + "\n" + lat.details());
      return new Latency(Stats.millis(lat.latency(), 50), Stats.millis(lat.latency(), 99), lat.describe());
    }
  }

  private Acks acks(SocketIoTarget t) {
    int port = Servers.freePort();
    try (ManagedProcess server = t.start(settings, port, Map.of())) {
      AckClients acks = new AckClients(client);
      try (SubscriberPool pool = new SubscriberPool(client, "127.0.0.1", port, acks::newConnection, 50)) {
        pool.open(ACK_CONNECTIONS, 60);
        acks.start();
        SubscriberPool.sleepMillis(settings.warmupNanos() / 1_000_000);
        double load = ProcStats.loadAverage();
        acks.record();
        long t0 = System.nanoTime();
        ProcStats.Meter meter = ProcStats.start(server.pid(), ProcessHandle.current().pid());
        SubscriberPool.sleepMillis(settings.stepNanos() * 2 / 1_000_000);
        long[] counts = new long[2];
        Histogram h = acks.stop(counts);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double[] cpu = meter.stop();
        Acks a = new Acks(counts[0] / seconds, Stats.millis(h, 50), Stats.millis(h, 99), counts[1], cpu[0], cpu[1], load);
        System.out.printf("  acks: %,.0f/s, p50 %.2f ms, p99 %.2f ms, wrong %d, server CPU %.0f%%, load generator CPU %.0f%%,"
            + " load avg %.2f%n", a.perSecond(), a.p50(), a.p99(), a.wrong(), cpu[0] * 100, cpu[1] * 100, load);
        return a;
      }
    }
  }
}
