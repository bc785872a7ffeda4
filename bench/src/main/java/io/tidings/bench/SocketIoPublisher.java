package io.tidings.bench;

import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes a step's messages to a Socket.IO server over its own Socket.IO connection (Engine.IO v4 over
 * a raw WebSocket, main namespace), open loop: message {@code k} is due at {@code t0 + k·interval} and is
 * sent as {@code 42["publish","<payload>"]}, which the server's handler emits to the benchmark room,
 * the sender excepted. A message counts as accepted once its frame is written to the socket; what the
 * server then fails to deliver shows as loss at the subscribers.
 *
 * <p>Each step opens a fresh connection; the previous one is closed only when the next step starts (the
 * rig has then waited for the subscribers to drain), so closing it never cuts off messages the server
 * was still reading.
 *
 * <p>{@link #run} is called by the orchestrating thread and blocks; the sends run on the connection's loop.
 */
public final class SocketIoPublisher implements StepPublisher {

  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final LoadClient client;
  private final String host;
  private final int port;
  private SubscriberPool previous;

  public SocketIoPublisher(LoadClient client, String host, int port) {
    this.client = client;
    this.host = host;
    this.port = port;
  }

  @Override
  public OpenLoopPublisher.Result run(int stream, double messagesPerSecond, int batchSize, long durationNanos,
      long drainNanos) {
    if (previous != null) previous.close();
    SubscriberPool connection = new SubscriberPool(client, host, port, SubscriberProtocol.socketIo(), 1);
    previous = connection;
    connection.open(1, 30);
    Channel channel = connection.subscribers().get(0).channel();
    double intervalNanos = 1e9 / messagesPerSecond;
    long total = (long) Math.floor(durationNanos / intervalNanos) * batchSize;
    AtomicLong written = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long[] sent = {0};
    long t0 = System.nanoTime() + TICK_NANOS;
    CompletableFuture<Void> done = new CompletableFuture<>();
    ScheduledFuture<?>[] tick = new ScheduledFuture<?>[1];
    Runnable sendDue = () -> {
      long now = System.nanoTime();
      long due = now < t0 ? 0 : Math.min(total, ((long) Math.floor((now - t0) / intervalNanos) + 1) * batchSize);
      while (sent[0] < due) {
        long intended = t0 + (long) ((sent[0] / batchSize) * intervalNanos);
        String frame = "42[\"publish\",\"" + Payload.encode(stream, sent[0], intended) + "\"]";
        sent[0]++;
        channel.write(ClientFrames.text(channel.alloc(), frame)).addListener(f -> {
          if (f.isSuccess()) written.incrementAndGet(); else failed.incrementAndGet();
        });
      }
      channel.flush();
      if (sent[0] >= total && !done.isDone()) {
        tick[0].cancel(false);
        done.complete(null);
      }
    };
    tick[0] = client.onLoop(0, () -> channel.eventLoop().scheduleAtFixedRate(sendDue, 0, TICK_NANOS, TimeUnit.NANOSECONDS));
    try {
      done.get(durationNanos / 1_000_000 + 30_000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      tick[0].cancel(false);
      throw new IllegalStateException("publisher did not finish", e);
    }
    long deadline = System.nanoTime() + drainNanos;
    while (System.nanoTime() < deadline && written.get() + failed.get() < total) SubscriberPool.sleepMillis(10);
    long accepted = written.get();
    return new OpenLoopPublisher.Result(accepted, total, failed.get(), total - accepted - failed.get(), 0,
        Recording.newHistogram());
  }

  @Override
  public void close() {
    if (previous != null) previous.close();
    previous = null;
  }
}
