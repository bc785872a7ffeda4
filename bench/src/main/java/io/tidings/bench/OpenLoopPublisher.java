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
 * <p>Each step starts clean: it opens its own connections, its answers go to its own
 * {@link PublishLedger}, and its connections are closed when it ends, so nothing a server still owes an
 * earlier step (a backlog of pipelined requests) queues ahead of this step's requests or is counted in
 * its figures.
 *
 * <p>Runs on one load-generator loop; {@link #run} is called by the orchestrating thread and blocks.
 */
public final class OpenLoopPublisher implements StepPublisher {

  /** What one step of publishing did. */
  public record Result(long acceptedMessages, long requests, long failedRequests, long lostRequests,
      long maxInFlight, Histogram responseLatency) {

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
  private PublishRequests builder;
  private int connectionsPerStep = 1;
  /** Learned from a {@code Connection: close} answer: every request then gets its own connection. Loop only. */
  private boolean perRequest;

  public OpenLoopPublisher(LoadClient client, int loop, String host, int port, Supplier<PublishRequests> requests) {
    this.client = client;
    this.loop = loop;
    this.host = host;
    this.port = port;
    this.requests = requests;
  }

  /** Each step will publish over {@code n} keep-alive connections of its own. */
  public void open(int n) {
    if (n < 1) throw new IllegalArgumentException("at least one connection");
    builder = requests.get();
    connectionsPerStep = n;
  }

  /** Routes one step's answers to its ledger; loop-confined like the ledger. */
  private final class StepAnswers implements HttpConnection.Answers {
    private final PublishLedger ledger;
    private final Histogram latency;

    StepAnswers(PublishLedger ledger, Histogram latency) {
      this.ledger = ledger;
      this.latency = latency;
    }

    @Override
    public void answered(HttpConnection c, int status, long startNanos, long nowNanos) {
      if (!c.reusable()) {
        perRequest = true; // the server closes after each answer (Soketi): a connection per request from now on
        c.channel().close();
      }
      long late = ledger.late();
      ledger.answered(status);
      if (ledger.late() == late) latency.recordValue(Math.max(0, Math.min(nowNanos - startNanos, Recording.MAX_NANOS)));
    }

    @Override
    public void closed(HttpConnection c, int unanswered) {
      ledger.cut(unanswered);
    }
  }

  /**
   * Publishes stream {@code stream} at {@code messagesPerSecond} in requests of {@code batchSize}
   * messages for {@code durationNanos}, then waits (at most {@code drainNanos}) for every answer. What
   * is unanswered then is lost for this step, and its connections are closed.
   */
  @Override
  public Result run(int stream, double messagesPerSecond, int batchSize, long durationNanos, long drainNanos) {
    if (builder == null) throw new IllegalStateException("open() first");
    EventLoop el = client.loop(loop);
    PublishLedger ledger = new PublishLedger(batchSize);
    Histogram latency = Recording.newHistogram();
    StepAnswers answers = new StepAnswers(ledger, latency);
    List<HttpConnection> connections = new ArrayList<>();
    if (!client.onLoop(loop, () -> perRequest)) {
      for (int i = 0; i < connectionsPerStep; i++) {
        HttpConnection c = new HttpConnection(answers);
        client.connect(host, port, loop, c).syncUninterruptibly();
        connections.add(c);
      }
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    double intervalNanos = 1e9 * batchSize / messagesPerSecond;
    long total = (long) Math.floor(durationNanos / intervalNanos);
    long[] seq = new long[1];
    long[] maxInFlight = new long[1];
    long t0 = System.nanoTime() + TICK_NANOS;
    List<String> data = new ArrayList<>(batchSize);
    ScheduledFuture<?>[] tick = new ScheduledFuture<?>[1];
    int[] next = new int[1];
    Runnable sendDue = () -> {
      long now = System.nanoTime();
      long due = now < t0 ? 0 : Math.min(total, (long) Math.floor((now - t0) / intervalNanos) + 1);
      while (ledger.sentRequests() < due) {
        long intended = t0 + (long) (ledger.sentRequests() * intervalNanos);
        data.clear();
        for (int i = 0; i < batchSize; i++) data.add(Payload.encode(stream, seq[0]++, intended));
        byte[] request = builder.request(data);
        ledger.sent();
        if (perRequest || connections.isEmpty()) {
          client.connect(host, port, loop, new HttpConnection(answers, request, intended));
        } else {
          HttpConnection c = connections.get(next[0]);
          next[0] = (next[0] + 1) % connections.size();
          c.send(request, intended);
        }
      }
      for (HttpConnection c : connections) {
        if (c.channel().isActive()) c.flush();
      }
      maxInFlight[0] = Math.max(maxInFlight[0], ledger.sentRequests() - ledger.settled());
      if (ledger.sentRequests() >= total && !done.isDone()) {
        tick[0].cancel(false);
        done.complete(null);
      }
    };
    try {
      tick[0] = client.onLoop(loop, () -> el.scheduleAtFixedRate(sendDue, 0, TICK_NANOS, TimeUnit.NANOSECONDS));
      try {
        done.get(durationNanos / 1_000_000 + 30_000, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        tick[0].cancel(false);
        throw new IllegalStateException("publisher did not finish", e);
      }
      long deadline = System.nanoTime() + drainNanos;
      while (System.nanoTime() < deadline && client.onLoop(loop, ledger::settled) < total) {
        SubscriberPool.sleepMillis(10);
      }
      return client.onLoop(loop, () -> {
        PublishLedger.Result r = ledger.seal();
        return new Result(r.acceptedMessages(), r.requests(), r.failedRequests(), r.lostRequests(), maxInFlight[0],
            latency);
      });
    } finally {
      // Whatever the server still owes this step dies with these connections instead of reaching the next.
      for (HttpConnection c : connections) LoadClient.closeQuietly(c.channel());
    }
  }

  @Override
  public void close() {
    // Each step closes its own connections; per-request connections close themselves.
  }
}
