package io.tidings.bus.postgres;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnect delays: exponential from {@code baseMillis}, capped at {@code maxMillis}, each spread by a
 * random factor in [0.5, 1.5) so that nodes cut off together do not all come back in the same instant.
 * Immutable and thread-safe.
 */
record Backoff(long baseMillis, long maxMillis) {

  static final Backoff RECONNECT = new Backoff(100, 5_000);

  /** The delay before attempt {@code attempt} (0 for the first retry). */
  long delayMillis(int attempt) {
    long exponential = baseMillis << Math.min(attempt, 20);
    long capped = Math.min(maxMillis, exponential);
    return Math.max(1, (long) (capped * (0.5 + ThreadLocalRandom.current().nextDouble())));
  }
}
