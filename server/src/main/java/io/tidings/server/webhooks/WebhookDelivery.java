package io.tidings.server.webhooks;

import io.tidings.server.config.ServerConfig;
import io.tidings.server.metrics.ServerMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends webhook POSTs: a bounded queue ({@code SOKETI_WEBHOOKS_QUEUE_SIZE}), at most
 * {@code SOKETI_WEBHOOKS_CONCURRENCY} requests in flight on the JDK {@link HttpClient}, each with
 * {@code SOKETI_WEBHOOKS_TIMEOUT}, and retries with exponential backoff and jitter after connection
 * failures, timeouts and 5xx answers, up to {@code SOKETI_WEBHOOKS_MAX_ATTEMPTS} attempts. A 4xx answer
 * is final. Every POST that will never be delivered is counted and reported ({@link GiveUpLog}).
 *
 * <p><b>Queue.</b> A POST holds its place from {@link #enqueue} until it is delivered or given up —
 * while waiting, in flight, and while waiting for a retry — so the bound caps memory, not just the
 * backlog.
 *
 * <p><b>Threading:</b> {@link #enqueue} from any thread, lock-free and never blocking (a full queue
 * refuses at once). Everything else — starting requests, handling answers, scheduling retries — runs on
 * the single webhook thread, which confines {@code inFlight}.
 */
final class WebhookDelivery {

  private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
  private static final long FIRST_RETRY_MILLIS = 250;
  private static final long MAX_RETRY_MILLIS = 30_000;
  private static final String USER_AGENT = "TidingsWebhooks/1.0 (Process: " + ProcessHandle.current().pid() + ")";
  /** Headers Tidings sets itself; a webhook's custom headers cannot replace them. */
  private static final Set<String> OWN_HEADERS = Set.of("content-type", "x-pusher-key", "x-pusher-signature");

  private final ServerConfig.Webhooks config;
  private final ServerMetrics metrics;
  private final ScheduledExecutorService thread;
  private final GiveUpLog giveUps;
  private final HttpClient client;
  private final ConcurrentLinkedQueue<WebhookPost> waiting = new ConcurrentLinkedQueue<>();
  /** Every admitted POST not yet delivered or given up; removing one is what finishes it (exactly once). */
  private final Set<WebhookPost> pending = ConcurrentHashMap.newKeySet();
  private final AtomicInteger depth = new AtomicInteger();
  private final AtomicBoolean pumpScheduled = new AtomicBoolean();
  private final Set<String> reportedHeaders = ConcurrentHashMap.newKeySet();
  private int inFlight; // webhook thread
  private volatile boolean closed;

  WebhookDelivery(ServerConfig.Webhooks config, ServerMetrics metrics, ScheduledExecutorService thread, GiveUpLog giveUps) {
    this.config = config;
    this.metrics = metrics;
    this.thread = thread;
    this.giveUps = giveUps;
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1) // as Soketi's axios; no h2c upgrade headers for receivers to trip on
        .connectTimeout(config.timeout())
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  /** POSTs waiting, in flight or waiting for a retry. */
  int depth() {
    return depth.get();
  }

  /** Queues {@code post}, or gives it up at once when the queue is full or the sender closed. Any thread. */
  void enqueue(WebhookPost post) {
    if (closed) {
      giveUp(post, "shutdown", "the server is stopping");
      return;
    }
    if (depth.incrementAndGet() > config.queueSize()) {
      depth.decrementAndGet();
      giveUp(post, "queue_full", "the webhook queue is full (SOKETI_WEBHOOKS_QUEUE_SIZE=" + config.queueSize() + ")");
      return;
    }
    pending.add(post);
    waiting.add(post);
    schedulePump();
  }

  private void schedulePump() {
    if (!pumpScheduled.compareAndSet(false, true)) return;
    try {
      thread.execute(this::pump);
    } catch (RejectedExecutionException e) {
      pumpScheduled.set(false); // closed: close() accounts for what is pending
    }
  }

  /** Starts requests while there is room. Webhook thread. */
  private void pump() {
    pumpScheduled.set(false);
    while (inFlight < config.concurrency() && !closed) {
      WebhookPost p = waiting.poll();
      if (p == null) return;
      if (!pending.contains(p)) continue;
      HttpRequest request;
      try {
        request = request(p);
      } catch (IllegalArgumentException e) {
        // Not e.getMessage(): it quotes the whole URL, query (tokens) included.
        giveUp(p, "invalid_request", "the url is not a valid http or https URL");
        continue;
      }
      inFlight++;
      try {
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, err) -> {
          try {
            thread.execute(() -> answered(p, r == null ? -1 : r.statusCode(), err));
          } catch (RejectedExecutionException closedMeanwhile) {
            // close() has accounted for p
          }
        });
      } catch (RuntimeException e) {
        answered(p, -1, e);
      }
    }
  }

  private HttpRequest request(WebhookPost p) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(p.webhook.url()))
        .timeout(config.timeout())
        .POST(HttpRequest.BodyPublishers.ofByteArray(p.body));
    b.setHeader("Accept", "application/json");
    b.setHeader("User-Agent", USER_AGENT);
    for (Map.Entry<String, String> h : p.webhook.headers().entrySet()) {
      if (OWN_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT))) continue;
      try {
        b.setHeader(h.getKey(), h.getValue());
      } catch (IllegalArgumentException e) {
        // A header the HTTP client manages (Host, Content-Length, Connection…) or an invalid name/value.
        if (reportedHeaders.add(p.app.id() + '\n' + h.getKey())) {
          // The value is never logged: custom headers often carry credentials.
          log.warn("App {}: the webhook header \"{}\" for {} is restricted by the HTTP client or invalid; it is left out",
              p.app.id(), h.getKey(), p.safeUrl());
        }
      }
    }
    b.setHeader("Content-Type", "application/json");
    b.setHeader("X-Pusher-Key", p.app.key());
    b.setHeader("X-Pusher-Signature", p.signature);
    return b.build();
  }

  /** A request ended with {@code status} (-1 when there was no answer) or {@code error}. Webhook thread. */
  private void answered(WebhookPost p, int status, Throwable error) {
    inFlight--;
    p.attempts++;
    if (error == null && status < 400) {
      if (finish(p)) metrics.webhookSent(p.app.id());
    } else {
      metrics.webhookAttemptFailed(p.app.id());
      if (error == null && status < 500) {
        giveUp(p, "rejected", "the receiver answered HTTP " + status + " (4xx answers are not retried)");
      } else {
        p.lastFailure = error == null ? "HTTP " + status : describe(error);
        retryOrGiveUp(p);
      }
    }
    pump();
  }

  private void retryOrGiveUp(WebhookPost p) {
    if (p.attempts >= config.maxAttempts()) {
      giveUp(p, "attempts_exhausted", p.attempts + " attempts failed, the last with " + p.lastFailure);
      return;
    }
    if (closed || !pending.contains(p)) return;
    long base = Math.min(MAX_RETRY_MILLIS, FIRST_RETRY_MILLIS << Math.min(p.attempts - 1, 20));
    long delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1); // jitter: spread retries of a burst
    try {
      thread.schedule(() -> {
        waiting.add(p);
        pump();
      }, delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed: close() accounts for p
    }
  }

  private static String describe(Throwable error) {
    Throwable e = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
        ? error.getCause() : error;
    if (e instanceof HttpTimeoutException) return "a timeout";
    if (e instanceof java.net.ConnectException) return "connection refused or unreachable";
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /** Ends {@code p}'s life in the queue; true for the one caller that did. */
  private boolean finish(WebhookPost p) {
    if (!pending.remove(p)) return false;
    depth.decrementAndGet();
    return true;
  }

  /** Counts and reports {@code p} as never to be delivered (once, whoever calls first). */
  void giveUp(WebhookPost p, String reason, String detail) {
    boolean admitted = pending.contains(p);
    if (admitted && !finish(p)) return;
    metrics.webhookGivenUp(p.app.id(), reason);
    giveUps.report(p.app.id(), p.safeUrl(), p.types, reason, detail);
  }

  /**
   * Stops: every POST not yet delivered is given up ("shutdown") and counted. Returns how many.
   * Called once, after the grace period.
   */
  int close() {
    closed = true;
    int n = 0;
    for (WebhookPost p : pending) {
      if (finish(p)) {
        metrics.webhookGivenUp(p.app.id(), "shutdown");
        n++;
      }
    }
    waiting.clear();
    client.shutdownNow();
    return n;
  }
}
