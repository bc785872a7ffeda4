package io.tidings.bench;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One Pusher server with {@code n} subscribers on one channel and one open-loop HTTP publisher: the
 * set-up of scenarios 1, 3 and 8. Each {@link #step} publishes a fresh stream at a fixed rate and reports
 * deliveries, loss, latency and the CPU of the server and of the load generator.
 *
 * <p>Used by one orchestrating thread. Closing it stops the server.
 */
public final class FanOutRig implements AutoCloseable {

  /** A delivery p99 above this fails a rate step (scenario 1's bound). */
  public static final double P99_LIMIT_MILLIS = 100;

  /** What one step measured. */
  public record Step(double messagesPerSecond, int subscribers, OpenLoopPublisher.Result published, Tally tally,
      Histogram latency, double serverCpu, double loadCpu, double load) {

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
  }

  public static final String CHANNEL = "bench";

  private final Settings settings;
  private final LoadClient client;
  private final ManagedProcess server;
  private final SubscriberPool pool;
  private final OpenLoopPublisher publisher;
  private int stream;

  /** Starts {@code target} and connects {@code subscribers} subscribers and the publisher. */
  public FanOutRig(Settings settings, LoadClient client, PusherTarget target, int subscribers, Map<String, String> env) {
    this.settings = settings;
    this.client = client;
    int port = Servers.freePort();
    this.server = target.start(settings, port, env);
    try {
      this.pool = new SubscriberPool(client, "127.0.0.1", port, target.protocol(CHANNEL), 200);
      pool.open(subscribers, 60);
      this.publisher = new OpenLoopPublisher(client, 0, "127.0.0.1", port, () -> target.requests(port, CHANNEL));
      publisher.open(1);
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

  /** Publishes at {@code messagesPerSecond} for {@code nanos} and measures every subscriber but {@code exclude}. */
  public Step step(double messagesPerSecond, long nanos, Subscriber exclude) {
    Recording r = new Recording(++stream, client.loopCount());
    pool.measure(r);
    double load = ProcStats.loadAverage();
    ProcStats.Meter meter = ProcStats.start(server.pid(), ProcessHandle.current().pid());
    OpenLoopPublisher.Result published = publisher.run(r.stream(), messagesPerSecond, 1, nanos, Settings.seconds(5));
    double[] cpu = meter.stop();
    awaitQuiet(exclude);
    pool.measure(null);
    Tally tally = pool.tally(r, published.acceptedMessages(), exclude);
    int receivers = pool.subscribers().size() - (exclude == null ? 0 : 1);
    return new Step(messagesPerSecond, receivers, published, tally, r.merged(), cpu[0], cpu[1], load);
  }

  /** Waits until deliveries stop arriving (at most 5 s): late ones still count, as loss is what is left. */
  private void awaitQuiet(Subscriber exclude) {
    long deadline = System.nanoTime() + Settings.seconds(5);
    long last = -1;
    while (System.nanoTime() < deadline) {
      long now = pool.receivedTotal(exclude);
      if (now == last) return;
      last = now;
      SubscriberPool.sleepMillis(200);
    }
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
