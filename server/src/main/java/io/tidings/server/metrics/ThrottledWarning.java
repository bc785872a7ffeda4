package io.tidings.server.metrics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A warning about something that can happen thousands of times a second (a refused event, a message that
 * is not ours): counted on every occurrence, logged at most once per {@value #INTERVAL_SECONDS} s with the
 * count since the last line and the latest detail; occurrences after the last line are told by the next one.
 * The metric that counts every occurrence is the caller's.
 *
 * <p>Thread-safe and lock-free on the counting path; the rare log line takes a short lock.
 */
public final class ThrottledWarning {

  static final long INTERVAL_SECONDS = 10;
  private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(INTERVAL_SECONDS);

  private final Logger log;
  private final String what;
  private final AtomicLong pending = new AtomicLong();
  private volatile String lastDetail = "";
  private volatile long lastLogNanos = System.nanoTime() - INTERVAL_NANOS;

  /** @param what says what happened, as the start of the line ("Client events refused: …") */
  public ThrottledWarning(Logger log, String what) {
    this.log = log;
    this.what = what;
  }

  /** Counts one occurrence; logs now if the interval has passed since the last line. */
  public void record(String detail) {
    pending.incrementAndGet();
    lastDetail = detail;
    long now = System.nanoTime();
    if (now - lastLogNanos < INTERVAL_NANOS) return;
    synchronized (this) {
      if (now - lastLogNanos < INTERVAL_NANOS) return;
      lastLogNanos = now;
      long n = pending.getAndSet(0);
      if (n > 0) log.warn("{}: {} since the last warning (latest: {})", what, n, lastDetail);
    }
  }
}
