package io.tidings.server.ratelimit;

import io.tidings.bus.wire.JavaScriptJson;
import java.util.function.LongSupplier;

/**
 * A fixed one-second window, as Soketi's {@code rate-limiter-flexible} memory limiter: the window opens
 * at the first consumption, every consumption adds its points, and a consumption that brings the total
 * over the limit is refused until the window ends. A negative limit never refuses.
 *
 * <p>Thread-safe (a short lock; one instance per app or per socket).
 */
public final class RateLimiter {

  /** The outcome, with what the HTTP headers report. */
  public record Decision(boolean allowed, int limit, int remaining, long millisBeforeNext) {
    /** The value of {@code Retry-After}: seconds with a fraction, as Soketi writes it. */
    public String retryAfter() {
      return JavaScriptJson.formatNumber(millisBeforeNext / 1000.0);
    }
  }

  /** For limits below zero: always allowed, no headers. */
  public static final Decision UNLIMITED = new Decision(true, -1, -1, 0);

  private static final long WINDOW_NANOS = 1_000_000_000L;

  private final LongSupplier nanoClock;
  private long windowStart;
  private long consumed;
  private boolean open;

  public RateLimiter(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  public RateLimiter() {
    this(System::nanoTime);
  }

  /** Takes {@code points} against {@code limit} per second. */
  public synchronized Decision consume(int points, int limit) {
    if (limit < 0) return UNLIMITED;
    long now = nanoClock.getAsLong();
    if (!open || now - windowStart >= WINDOW_NANOS) {
      open = true;
      windowStart = now;
      consumed = 0;
    }
    consumed += points;
    long msLeft = Math.max(0, (WINDOW_NANOS - (now - windowStart)) / 1_000_000);
    int remaining = (int) Math.max(0, limit - consumed);
    return new Decision(consumed <= limit, limit, remaining, msLeft);
  }
}
