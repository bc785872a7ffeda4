package io.tidings.bus.postgres;

import io.tidings.bus.BusErrorHandler;
import io.tidings.bus.BusException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A warning about something that can happen thousands of times a second (a dropped message, a bad
 * payload): counted on every occurrence, logged at most once per interval with the count since the last
 * line and the latest detail. Every occurrence also goes to the bus's {@link BusErrorHandler}, unthrottled
 * (the user's handler decides what to do with a flood). Thread-safe.
 */
final class ThrottledWarning {

  private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Logger log;
  private final String what;
  private final BusErrorHandler handler;
  private final AtomicLong pending = new AtomicLong();
  private volatile String lastDetail = "";
  private volatile long lastLogNanos = System.nanoTime() - INTERVAL_NANOS;

  ThrottledWarning(Logger log, String what) {
    this(log, what, BusErrorHandler.NONE);
  }

  ThrottledWarning(Logger log, String what, BusErrorHandler handler) {
    this.log = log;
    this.what = what;
    this.handler = handler;
  }

  /** Counts {@code n} occurrences; logs now if the interval has passed since the last line. */
  void record(long n, String detail) {
    pending.addAndGet(n);
    lastDetail = detail;
    if (handler != BusErrorHandler.NONE) {
      try {
        handler.onError(new BusException(what + ": " + n + " (" + detail + ")", n));
      } catch (RuntimeException ignored) {
        // The handler's own failure must not become the bus's.
      }
    }
    flush();
  }

  /** Logs what was counted since the last line, if anything was and the interval has passed. */
  void flush() {
    flush(false);
  }

  /** Logs what was counted since the last line, whatever the interval: the owner is closing. */
  void flushNow() {
    flush(true);
  }

  private void flush(boolean regardlessOfInterval) {
    long now = System.nanoTime();
    if ((!regardlessOfInterval && now - lastLogNanos < INTERVAL_NANOS) || pending.get() == 0) {
      return;
    }
    synchronized (this) {
      if (!regardlessOfInterval && now - lastLogNanos < INTERVAL_NANOS) return;
      lastLogNanos = now;
      long n = pending.getAndSet(0);
      if (n > 0) {
        log.warn("{}: {} in the last interval (latest: {})", what, n, lastDetail);
      }
    }
  }
}
