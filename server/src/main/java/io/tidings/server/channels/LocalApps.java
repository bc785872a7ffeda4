package io.tidings.server.channels;

import io.tidings.server.app.App;
import io.tidings.server.metrics.ServerMetrics;
import io.tidings.transport.loop.EventLoops;
import io.tidings.transport.websocket.WebSocketFrames;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's {@link LocalApp}s, created on first use (a connection or an API call). Thread-safe.
 */
public final class LocalApps {

  private final EventLoops loops;
  private final ClusterPublisher publisher;
  private final ServerMetrics metrics;
  private final Duration cacheTtl;
  private final ConnectionActivity activity;
  private final ConcurrentHashMap<String, LocalApp> apps = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ChannelCache> caches = new ConcurrentHashMap<>();

  public LocalApps(EventLoops loops, ClusterPublisher publisher, ServerMetrics metrics, Duration cacheTtl) {
    this(loops, publisher, metrics, cacheTtl, ConnectionActivity.NONE);
  }

  /** @param activity who watches this node's connections and channels ({@link ConnectionActivity#NONE} when nobody) */
  public LocalApps(EventLoops loops, ClusterPublisher publisher, ServerMetrics metrics, Duration cacheTtl,
      ConnectionActivity activity) {
    this.loops = loops;
    this.publisher = publisher;
    this.metrics = metrics;
    this.cacheTtl = cacheTtl;
    this.activity = activity;
  }

  /** Who watches this node's connections and channels. */
  public ConnectionActivity activity() {
    return activity;
  }

  /**
   * The local state of {@code app}, created from it if needed. An existing state keeps its settings:
   * they change only through {@link LocalApp#update} when the app manager reports a change, so a lookup
   * that raced a change cannot put the older settings back.
   */
  public LocalApp of(App app) {
    return apps.computeIfAbsent(app.id(), id -> new LocalApp(app, loops, publisher,
        (n, frames) -> metrics.wsMessagesSent(id, n, (long) n * WebSocketFrames.payloadLength(frames[0])), cache(id),
        activity));
  }

  /**
   * The cache channels' last events of app {@code id}, kept even before (or without) any local
   * connection of the app, so that events received from other nodes are there for a later subscriber.
   */
  public ChannelCache cache(String id) {
    return caches.computeIfAbsent(id, k -> new ChannelCache(cacheTtl, System::nanoTime));
  }

  /** Every app's cache (for the periodic sweep). */
  public Collection<ChannelCache> caches() {
    return caches.values();
  }

  /** The local state of the app with {@code id}, or null when this node has none. */
  public LocalApp get(String id) {
    return apps.get(id);
  }

  public Collection<LocalApp> all() {
    return apps.values();
  }
}
