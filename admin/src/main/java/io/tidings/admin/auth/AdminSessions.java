package io.tidings.admin.auth;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The session ids this node gave out, each valid for a day (the lifetime of Node's {@code RedisStore}
 * sessions), at most {@link #DEFAULT_MAX} at once (the oldest go first). Kept in memory, like Node's
 * {@code InMemoryStore}; the ids other nodes gave are added as they announce them, so a UI may reconnect to
 * any node of the cluster, as with Node's {@code RedisStore}.
 *
 * <p>Thread-safe (one lock).
 */
final class AdminSessions {

  static final Duration DEFAULT_TTL = Duration.ofDays(1);
  static final int DEFAULT_MAX = 10_000;

  private final long ttlNanos;
  private final int max;
  private final LongSupplier nanoClock;
  /** Session id → when it was given, oldest first. */
  private final LinkedHashMap<String, Long> issued = new LinkedHashMap<>();

  AdminSessions(Duration ttl, int max, LongSupplier nanoClock) {
    this.ttlNanos = ttl.toNanos();
    this.max = max;
    this.nanoClock = nanoClock;
  }

  synchronized void add(String id) {
    expire();
    if (issued.size() >= max) {
      Iterator<String> oldest = issued.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    issued.put(id, nanoClock.getAsLong());
  }

  synchronized boolean exists(String id) {
    expire();
    return issued.containsKey(id);
  }

  private void expire() {
    long now = nanoClock.getAsLong();
    Iterator<Map.Entry<String, Long>> it = issued.entrySet().iterator();
    while (it.hasNext() && now - it.next().getValue() >= ttlNanos) it.remove();
  }
}
