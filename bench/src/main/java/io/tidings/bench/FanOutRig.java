package io.tidings.bench;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One server with {@code n} subscribers on one channel or room and one open-loop publisher: the set-up of
 * scenarios 1, 3 and 8 (Pusher, HTTP publishing) and of the Socket.IO fan-out and latency scenarios
 * (publishing over a Socket.IO connection). Each {@link #step} publishes a fresh stream at a fixed rate and
 * reports deliveries, loss, latency and the CPU of the server and of the load generator.
 *
 * <p>Used by one orchestrating thread. Closing it stops the server.
 */
public final class FanOutRig implements AutoCloseable {

  /** A delivery p99 above this fails a rate step (scenario 1's bound). */
  public static final double P99_LIMIT_MILLIS = 100;

  /** What one step measured. */
  public record Step(double messagesPerSecond, int subscribers, OpenLoopPublisher.Result published, Tally tally,
      Histogram latency, double serverCpu, double loadCpu, double load, String start, String monitor) {

    public double deliveriesPerSecond() {
      return messagesPerSecond * subscribers;
    }

    public boolean passed() {
      return published.clean() && tally.complete() && tally.expected() > 0
          && Stats.millis(latency, 99) <= P99_LIMIT_MILLIS;
    }

    public String describe() {
      return String.format("%,.0f deliveries/s: p50 %.2f ms, p99 %.2f ms, max %.1f ms, lost %d, dup %d, publish failed %d/%d,"
          + " server CPU %.0f%%, load generator CPU %.0f%%, load avg %.2f -> %s",
          deliveriesPerSecond(), Stats.millis(latency, 50), Stats.millis(latency, 99), Stats.millis(latency, 100),
          tally.lost(), tally.duplicates(), published.failedRequests() + published.lostRequests(), published.requests(),
          serverCpu * 100, loadCpu * 100, load, passed() ? "pass" : "FAIL");
    }

    /** How the step started and what the monitor saw during it. */
    public String details() {
      return start + "\n    " + monitor;
    }
  }

  public static final String CHANNEL = "bench";

  private final Settings settings;
  private final LoadClient client;
  private final ServerTarget target;
  private final int port;
  private final int subscriberCount;
  private final ManagedProcess server;
  private SubscriberPool pool;
  private final StepPublisher publisher;
  private int stream;

  /** Starts {@code target} and connects {@code subscribers} subscribers and the publisher. */
  public FanOutRig(Settings settings, LoadClient client, ServerTarget target, int subscribers, Map<String, String> env) {
    this.settings = settings;
    this.client = client;
    this.target = target;
    this.port = Servers.freePort();
    this.subscriberCount = subscribers;
    this.server = target.start(settings, port, env);
    try {
      this.pool = openPool();
      this.publisher = target.publisher(client, port);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  public ManagedProcess server() {
    return server;
  }

  public SubscriberPool pool() {
    return pool;
  }

  private SubscriberPool openPool() {
    SubscriberPool p = new SubscriberPool(client, "127.0.0.1", port, target.protocol(), 200);
    try {
      p.open(subscriberCount, 60);
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
    return p;
  }

  /**
   * Publishes at {@code messagesPerSecond} for {@code nanos} and measures every subscriber but {@code exclude}.
   * The step starts clean: if the server is still delivering an earlier step's backlog after
   * {@link #SETTLE_NANOS}, the subscribers are replaced by fresh connections (so the server drops what it
   * still held for them) — unless {@code exclude} is set, whose connection the caller watches.
   */
  public Step step(double messagesPerSecond, long nanos, Subscriber exclude) {
    String start = startClean(exclude);
    Recording r = new Recording(++stream, client.loopCount());
    pool.measure(r);
    double load = ProcStats.loadAverage();
    StepMonitor monitor = StepMonitor.start(server.pid(), port, target.jvm(),
        settings.logDir().resolve("monitor-" + server.name() + "-" + ProcessHandle.current().pid() + "-step" + r.stream() + ".csv"));
    ProcStats.Meter meter = ProcStats.start(server.pid(), ProcessHandle.current().pid());
    OpenLoopPublisher.Result published = publisher.run(r.stream(), messagesPerSecond, 1, nanos, Settings.seconds(5));
    double[] cpu = meter.stop();
    pool.awaitQuiet(exclude, QUIET_NANOS, Settings.seconds(5));
    String watched = monitor.stop();
    pool.measure(null);
    Tally tally = pool.tally(r, published.acceptedMessages(), exclude);
    int receivers = pool.subscribers().size() - (exclude == null ? 0 : 1);
    return new Step(messagesPerSecond, receivers, published, tally, r.merged(), cpu[0], cpu[1], load, start, watched);
  }

  /** How long nothing may arrive for the subscribers to count as drained. */
  private static final long QUIET_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(500);
  /** How long a server may go on delivering an earlier step's backlog before its subscribers are replaced. */
  static final long SETTLE_NANOS = Settings.seconds(10);

  /** Waits for the subscribers to drain, or replaces them; says which. */
  private String startClean(Subscriber exclude) {
    long t0 = System.nanoTime();
    if (pool.awaitQuiet(exclude, QUIET_NANOS, SETTLE_NANOS)) {
      return String.format("    start: drained in %.1f s", (System.nanoTime() - t0) / 1e9);
    }
    if (exclude != null) return "    start: NOT drained after 10 s (a watched subscriber keeps these connections)";
    pool.close();
    pool = openPool();
    pool.awaitQuiet(null, QUIET_NANOS, SETTLE_NANOS);
    return String.format("    start: still delivering after 10 s; %d fresh subscribers (%.1f s)", subscriberCount,
        (System.nanoTime() - t0) / 1e9);
  }

  /** Unmeasured load for the JIT: {@code messagesPerSecond} for the settings' warm-up time. */
  public void warmUp(double messagesPerSecond) {
    step(messagesPerSecond, settings.warmupNanos(), null);
  }

  @Override
  public void close() {
    try {
      publisher.close();
      pool.close();
    } finally {
      server.close();
    }
  }
}
