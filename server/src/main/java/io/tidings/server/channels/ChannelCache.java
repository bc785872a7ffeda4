package io.tidings.server.channels;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The last event published to each cache channel of one app, kept for {@code SOKETI_CHANNEL_CACHE_TTL}.
 * Every node keeps its own copy, filled by the events it publishes and the ones it receives over the
 * bus, so a subscriber gets the cached event whichever node it is on. Thread-safe.
 */
public final class ChannelCache {

  /** A cached event; its data as JSON text. */
  public record Cached(String event, String dataJson, long expiresAtNanos) {}

  private final ConcurrentHashMap<String, Cached> entries = new ConcurrentHashMap<>();
  private final Duration ttl;
  private final LongSupplier nanoClock;

  /**
   * @param ttl       how long an event stays; null keeps it until replaced (Soketi's memory cache never
   *                  expires an entry stored with a TTL of 0 or less)
   * @param nanoClock the time source ({@link System#nanoTime} outside tests)
   */
  public ChannelCache(Duration ttl, LongSupplier nanoClock) {
    this.ttl = ttl;
    this.nanoClock = nanoClock;
  }

  /** Remembers {@code event} as the last on {@code channel}. */
  public void put(String channel, String event, String dataJson) {
    entries.put(channel, new Cached(event, dataJson, ttl == null ? 0 : nanoClock.getAsLong() + ttl.toNanos()));
  }

  /** The unexpired last event of {@code channel}, or null. */
  public Cached get(String channel) {
    Cached c = entries.get(channel);
    if (c == null) return null;
    if (expired(c, nanoClock.getAsLong())) {
      entries.remove(channel, c);
      return null;
    }
    return c;
  }

  /** Drops expired entries (called periodically so that memory stays bounded). */
  public void sweep() {
    if (ttl == null) return;
    long now = nanoClock.getAsLong();
    entries.values().removeIf(c -> expired(c, now));
  }

  private boolean expired(Cached c, long now) {
    return ttl != null && now - c.expiresAtNanos() >= 0;
  }

  public int size() {
    return entries.size();
  }
}
