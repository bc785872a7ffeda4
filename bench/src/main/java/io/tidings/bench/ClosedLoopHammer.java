package io.tidings.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The highest request rate a server answers: {@code n} keep-alive connections, each sending its next
 * request as soon as the previous one is answered (as wrk does), replaying one pre-signed request. Pusher
 * signatures cover the timestamp and the body, and neither server de-duplicates, so one request signed at
 * the start stays valid for the whole (short) run and the generator spends its core on the network, not
 * on MD5 and HMAC. Latency is the response time of each request. A server that closes the connection
 * after each answer (Soketi 1.6.1 sends {@code Connection: close}) is followed onto a new connection for
 * the next request, as wrk does; the connection set-up then counts in its response times.
 *
 * <p>Runs on one load-generator loop; {@link #run} is called by the orchestrating thread and blocks.
 */
public final class ClosedLoopHammer implements AutoCloseable {

  /** Requests answered in the window, by status class, and their response times. */
  public record Result(long ok, long failed, long windowNanos, Histogram latency, long reconnects) {
    public double perSecond() {
      return ok * 1e9 / windowNanos;
    }
  }

  private final LoadClient client;
  private final int loop;
  private final List<HttpConnection> connections = new ArrayList<>();
  private byte[] request;
  private volatile boolean running;
  private boolean recording;
  private long ok;
  private long failed;
  private Histogram latency = Recording.newHistogram();
  private long reconnects;
  private String host;
  private int port;

  public ClosedLoopHammer(LoadClient client, int loop) {
    this.client = client;
    this.loop = loop;
  }

  private final HttpConnection.Answers answers = new HttpConnection.Answers() {
    @Override
    public void answered(HttpConnection c, int status, long startNanos, long nowNanos) {
      if (recording) {
        if (status >= 200 && status < 300) ok++; else failed++;
        latency.recordValue(Math.min(nowNanos - startNanos, Recording.MAX_NANOS));
      }
      if (!running) return;
      if (c.reusable()) {
        c.send(request, nowNanos);
        c.flush();
      } else {
        // The server closes after each answer (Soketi): go on over a new connection, as wrk does.
        c.channel().close();
        reconnects++;
        client.connect(host, port, loop, new HttpConnection(this, request, nowNanos));
      }
    }

    @Override
    public void closed(HttpConnection c, int unanswered) {
      if (running && recording) failed += unanswered;
    }
  };

  /** Opens {@code n} connections to {@code host:port}. */
  public void open(String host, int port, int n) {
    this.host = host;
    this.port = port;
    for (int i = 0; i < n; i++) {
      HttpConnection c = new HttpConnection(answers);
      client.connect(host, port, loop, c).syncUninterruptibly();
      connections.add(c);
    }
  }

  /** Hammers with {@code request} for a warm-up, then measures a window. */
  public Result run(byte[] request, long warmupNanos, long windowNanos) {
    this.request = request;
    running = true;
    client.onLoop(loop, () -> {
      long now = System.nanoTime();
      for (HttpConnection c : connections) {
        c.send(request, now);
        c.flush();
      }
      return null;
    });
    SubscriberPool.sleepMillis(TimeUnit.NANOSECONDS.toMillis(warmupNanos));
    client.onLoop(loop, () -> {
      ok = failed = reconnects = 0;
      latency = Recording.newHistogram();
      recording = true;
      return null;
    });
    long start = System.nanoTime();
    SubscriberPool.sleepMillis(TimeUnit.NANOSECONDS.toMillis(windowNanos));
    Result r = client.onLoop(loop, () -> {
      recording = false;
      return new Result(ok, failed, System.nanoTime() - start, latency, reconnects);
    });
    running = false;
    SubscriberPool.sleepMillis(200);
    return r;
  }

  @Override
  public void close() {
    running = false;
    for (HttpConnection c : connections) LoadClient.closeQuietly(c.channel());
  }
}
