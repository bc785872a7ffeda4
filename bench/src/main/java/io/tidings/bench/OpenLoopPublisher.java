package io.tidings.bench;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Publishes numbered, time-stamped messages at a fixed rate over pipelined keep-alive HTTP connections,
 * open loop: request {@code k} of a step is due at {@code t0 + k·interval} whatever happened to earlier
 * ones, and its messages carry that intended time, so a server that stalls is charged for the whole
 * stall. A 1 ms tick sends whatever is due. With one connection (the default) the server sees the
 * messages in publishing order, which is what "in order per publisher" is measured against. A server
 * that closes the connection after each answer (Soketi) gets a new connection per request once that is
 * seen (during the warm-up), with the connection set-up inside the measured latency.
 *
 * <p>Runs on one load-generator loop; {@link #run} is called by the orchestrating thread and blocks.
 */
public final class OpenLoopPublisher implements AutoCloseable {

  /** What one step of publishing did. */
  public record Result(long acceptedMessages, long requests, long failedRequests, long lostRequests,
      int maxInFlight, Histogram responseLatency) {

    public boolean clean() {
      return failedRequests == 0 && lostRequests == 0;
    }
  }

  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final LoadClient client;
  private final int loop;
  private final String host;
  private final int port;
  private final Supplier<PublishRequests> requests;
  private final List<HttpConnection> connections = new ArrayList<>();
  private PublishRequests builder;

  // Loop-confined state of the running step.
  private long accepted;
  private long answered;
  private long failed;
  private long lost;
  private int maxInFlight;
  private Histogram latency;

  public OpenLoopPublisher(LoadClient client, int loop, String host, int port, Supplier<PublishRequests> requests) {
    this.client = client;
    this.loop = loop;
    this.host = host;
    this.port = port;
    this.requests = requests;
  }

  private final HttpConnection.Answers answers = new HttpConnection.Answers() {
    @Override
    public void answered(HttpConnection c, int status, long startNanos, long nowNanos) {
      answered++;
      if (!c.reusable()) {
        perRequest = true; // the server closes after each answer (Soketi): a connection per request from now on
        c.channel().close();
      }
      if (latency != null) latency.recordValue(Math.max(0, Math.min(nowNanos - startNanos, Recording.MAX_NANOS)));
      if (status >= 200 && status < 300) accepted += batch; else failed++;
    }

    @Override
    public void closed(HttpConnection c, int unanswered) {
      lost += unanswered;
    }
  };

  private int batch = 1;
  /** Learned from a {@code Connection: close} answer: every request then gets its own connection. */
  private boolean perRequest;

  /** Opens {@code n} keep-alive connections. */
  public void open(int n) {
    builder = requests.get();
    for (int i = 0; i < n; i++) {
      HttpConnection c = new HttpConnection(answers);
      client.connect(host, port, loop, c).syncUninterruptibly();
      connections.add(c);
    }
  }

  /**
   * Publishes stream {@code stream} at {@code messagesPerSecond} in requests of {@code batchSize}
   * messages for {@code durationNanos}, then waits (at most {@code drainNanos}) for every answer.
   */
  public Result run(int stream, double messagesPerSecond, int batchSize, long durationNanos, long drainNanos) {
    EventLoop el = client.loop(loop);
    CompletableFuture<Void> done = new CompletableFuture<>();
    double intervalNanos = 1e9 * batchSize / messagesPerSecond;
    long total = (long) Math.floor(durationNanos / intervalNanos);
    long[] sent = new long[1];
    long[] seq = new long[1];
    client.onLoop(loop, () -> {
      accepted = answered = failed = lost = 0;
      maxInFlight = 0;
      batch = batchSize;
      latency = Recording.newHistogram();
      return null;
    });
    long t0 = System.nanoTime() + TICK_NANOS;
    List<String> data = new ArrayList<>(batchSize);
    @SuppressWarnings("unchecked")
    ScheduledFuture<?>[] tick = new ScheduledFuture<?>[1];
    Runnable sendDue = () -> {
      long now = System.nanoTime();
      long due = Math.min(total, (long) Math.floor((now - t0) / intervalNanos) + 1);
      if (now < t0) due = 0;
      int next = (int) (sent[0] % connections.size());
      while (sent[0] < due) {
        long intended = t0 + (long) (sent[0] * intervalNanos);
        data.clear();
        for (int i = 0; i < batchSize; i++) data.add(Payload.encode(stream, seq[0]++, intended));
        byte[] request = builder.request(data);
        if (perRequest) {
          client.connect(host, port, loop, new HttpConnection(answers, request, intended));
        } else {
          HttpConnection c = connections.get(next);
          next = (next + 1) % connections.size();
          c.send(request, intended);
        }
        sent[0]++;
      }
      for (HttpConnection c : connections) {
        if (c.channel().isActive()) c.flush();
      }
      maxInFlight = (int) Math.max(maxInFlight, sent[0] - answered - lost);
      if (sent[0] >= total && !done.isDone()) {
        tick[0].cancel(false);
        done.complete(null);
      }
    };
    tick[0] = el.scheduleAtFixedRate(sendDue, 0, TICK_NANOS, TimeUnit.NANOSECONDS);
    try {
      done.get(durationNanos / 1_000_000 + 30_000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      tick[0].cancel(false);
      throw new IllegalStateException("publisher did not finish", e);
    }
    long deadline = System.nanoTime() + drainNanos;
    while (System.nanoTime() < deadline && client.onLoop(loop, () -> answered + lost) < total) {
      SubscriberPool.sleepMillis(10);
    }
    return client.onLoop(loop, () -> new Result(accepted, total, failed, total - answered, maxInFlight, latency));
  }

  @Override
  public void close() {
    for (HttpConnection c : connections) LoadClient.closeQuietly(c.channel());
  }
}
