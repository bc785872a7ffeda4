package io.tidings.bench;

import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A set of subscribers to one server: opens them with a bounded number of handshakes in flight, waits
 * until all are subscribed, hands them each step's {@link Recording}, adds up what they saw, and closes
 * them.
 *
 * <p>Methods are called by the orchestrating thread; the subscribers live on the client's loops, and
 * reading their logs is done there.
 */
public final class SubscriberPool implements AutoCloseable {

  private final LoadClient client;
  private final String host;
  private final int port;
  private final java.util.function.Supplier<SubscriberProtocol> protocols;
  private final String path;
  private final List<Subscriber> subscribers = new ArrayList<>();
  private final AtomicInteger subscribedCount = new AtomicInteger();
  private final AtomicInteger closedCount = new AtomicInteger();
  private final Semaphore inFlight;
  private long firstConnectNanos;
  private volatile long lastSubscribedNanos;

  public SubscriberPool(LoadClient client, String host, int port, SubscriberProtocol protocol, int maxInFlight) {
    this(client, host, port, () -> protocol, maxInFlight);
  }

  /** A pool whose every connection gets its own protocol instance from {@code protocols} (a stateful one). */
  public SubscriberPool(LoadClient client, String host, int port, java.util.function.Supplier<SubscriberProtocol> protocols,
      int maxInFlight) {
    this.client = client;
    this.host = host;
    this.port = port;
    this.protocols = protocols;
    this.path = protocols.get().path();
    this.inFlight = new Semaphore(maxInFlight);
  }

  private final Subscriber.Events events = new Subscriber.Events() {
    @Override
    public void subscribed(Subscriber s) {
      subscribedCount.incrementAndGet();
      lastSubscribedNanos = s.subscribedNanos();
      inFlight.release();
    }

    @Override
    public void closed(Subscriber s) {
      closedCount.incrementAndGet();
      if (!s.subscribed()) inFlight.release();
    }
  };

  /**
   * Opens {@code n} more subscribers and waits until they are all subscribed.
   *
   * @throws IllegalStateException when they are not within {@code timeoutSeconds}
   */
  public void open(int n, long timeoutSeconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    int target = subscribedCount.get() + n;
    if (firstConnectNanos == 0) firstConnectNanos = System.nanoTime();
    byte[] upgrade = ClientFrames.upgradeRequest(host, port, path);
    for (int i = 0; i < n; i++) {
      try {
        if (!inFlight.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) break;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted");
      }
      int loop = subscribers.size() % client.loopCount();
      Subscriber s = new Subscriber(protocols.get(), upgrade, loop, events);
      subscribers.add(s);
      client.connect(host, port, loop, s).addListener(f -> {
        if (!f.isSuccess()) events.closed(s);
      });
    }
    while (subscribedCount.get() < target && System.nanoTime() < deadline) sleepMillis(5);
    if (subscribedCount.get() < target) {
      throw new IllegalStateException("only " + subscribedCount.get() + " of " + target + " subscribers subscribed to "
          + host + ":" + port + " (" + closedCount.get() + " closed)");
    }
  }

  /** Subscribed so far. */
  public int subscribed() {
    return subscribedCount.get();
  }

  /** Connections that closed (from either side) since the pool opened. */
  public int closed() {
    return closedCount.get();
  }

  /** Nanoseconds from the first connect to the last subscription. */
  public long openingNanos() {
    return lastSubscribedNanos - firstConnectNanos;
  }

  public List<Subscriber> subscribers() {
    return subscribers;
  }

  /** Makes every subscriber record into {@code r} (null: record nothing). */
  public void measure(Recording r) {
    for (Subscriber s : subscribers) s.recording = r;
  }

  /**
   * What the subscribers (all but {@code exclude}, which may be null) saw of {@code r}'s stream, of
   * which the server accepted {@code published} messages.
   */
  public Tally tally(Recording r, long published, Subscriber exclude) {
    Tally total = Tally.EMPTY;
    for (int loop = 0; loop < client.loopCount(); loop++) {
      int l = loop;
      total = total.plus(client.onLoop(loop, () -> {
        Tally t = Tally.EMPTY;
        for (int i = l; i < subscribers.size(); i += client.loopCount()) {
          Subscriber s = subscribers.get(i);
          if (s == exclude) continue;
          SequenceLog log = s.logOf(r);
          t = log == null ? t.plusMissing(published) : t.plus(log, published);
        }
        return t;
      }));
    }
    return total;
  }

  /** Benchmark messages received by all subscribers (but {@code exclude}) so far, any step. */
  public long receivedTotal(Subscriber exclude) {
    long total = 0;
    for (int loop = 0; loop < client.loopCount(); loop++) {
      int l = loop;
      total += client.onLoop(loop, () -> {
        long t = 0;
        for (int i = l; i < subscribers.size(); i += client.loopCount()) {
          if (subscribers.get(i) != exclude) t += subscribers.get(i).received();
        }
        return t;
      });
    }
    return total;
  }

  /**
   * Waits until no benchmark message has arrived (for all but {@code exclude}) for {@code quietNanos},
   * at most {@code maxNanos}. Late messages of a step still count towards it, as loss is what is left.
   *
   * @return true when the subscribers went quiet in time
   */
  public boolean awaitQuiet(Subscriber exclude, long quietNanos, long maxNanos) {
    long deadline = System.nanoTime() + maxNanos;
    long last = receivedTotal(exclude);
    long quietSince = System.nanoTime();
    while (true) {
      sleepMillis(100);
      long now = receivedTotal(exclude);
      long t = System.nanoTime();
      if (now != last) {
        last = now;
        quietSince = t;
      } else if (t - quietSince >= quietNanos) {
        return true;
      }
      if (t >= deadline) return false;
    }
  }

  /** Closes every connection (an RST each) and waits for them. */
  @Override
  public void close() {
    List<io.netty.channel.ChannelFuture> closing = new ArrayList<>();
    for (Subscriber s : subscribers) {
      Channel c = s.channel();
      if (c != null) closing.add(c.close());
    }
    for (var f : closing) f.awaitUninterruptibly(2, TimeUnit.SECONDS);
  }

  static void sleepMillis(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }
}
