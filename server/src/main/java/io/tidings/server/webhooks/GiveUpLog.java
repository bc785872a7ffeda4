package io.tidings.server.webhooks;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs webhooks that are given up without flooding the log: the first of each reason is logged at once
 * with app, target, type and reason; more of the same reason within {@link #QUIET_SECONDS} are only
 * counted (every one is in the {@code tidings_webhooks_given_up} metric) and summed up in the next
 * line. Never logs the secret, the body or the URL's query (see {@link WebhookPost#safeUrl}).
 *
 * <p><b>Threading:</b> {@link #report} from any thread, lock-free; the log line itself is written on
 * the webhook thread, so an event loop never waits for the console.
 */
final class GiveUpLog {

  static final long QUIET_SECONDS = 10;
  private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(QUIET_SECONDS);
  private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

  private static final class Window {
    final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - QUIET_NANOS);
    final LongAdder suppressed = new LongAdder();
  }

  private final Executor logThread;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  GiveUpLog(Executor logThread) {
    this.logThread = logThread;
  }

  /** One webhook was given up for {@code reason}; {@code detail} explains it in words. */
  void report(String appId, String safeUrl, String types, String reason, String detail) {
    Window w = windows.computeIfAbsent(reason, r -> new Window());
    long now = System.nanoTime();
    long last = w.lastLogged.get();
    if (now - last < QUIET_NANOS || !w.lastLogged.compareAndSet(last, now)) {
      w.suppressed.increment();
      return;
    }
    long more = w.suppressed.sumThenReset();
    String line = "Webhook given up (" + reason + "): app " + appId + ", " + types + " to " + safeUrl + ": " + detail
        + (more > 0 ? " (and " + more + " more for the same reason in the last " + QUIET_SECONDS + " s)" : "");
    write(line);
  }

  /** Writes a summary for reasons whose quiet period ended with suppressed reports. Webhook thread, periodically. */
  void flush() {
    long now = System.nanoTime();
    windows.forEach((reason, w) -> {
      long last = w.lastLogged.get();
      if (w.suppressed.sum() > 0 && now - last >= QUIET_NANOS && w.lastLogged.compareAndSet(last, now)) {
        long more = w.suppressed.sumThenReset();
        if (more > 0) write(more + " more webhooks given up (" + reason + ") in the last " + QUIET_SECONDS + " s");
      }
    });
  }

  private void write(String line) {
    try {
      logThread.execute(() -> log.warn(line));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.warn(line); // shutting down: the calling thread is not an event loop any more
    }
  }
}
