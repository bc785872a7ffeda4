package io.tidings.server.channels;

import io.tidings.server.app.App;
import io.tidings.server.ratelimit.RateLimiter;
import io.tidings.transport.fanout.DeliveryListener;
import io.tidings.transport.loop.EventLoops;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What this node holds for one app: its channels, the index of signed-in users, its connections, the
 * cache channels' last events and the app-wide rate limiters. The app's settings can change at run
 * time (the app manager tells), so they are read through {@link #app()} each time. Thread-safe.
 */
public final class LocalApp {

  private volatile App app;
  private final LocalChannels channels;
  private final LocalChannels users;
  private final AtomicInteger connections = new AtomicInteger();
  private final ConcurrentHashMap<String, Subscriber> sockets = new ConcurrentHashMap<>();
  private final ChannelCache cache;
  private final RateLimiter backendEvents = new RateLimiter();
  private final RateLimiter readRequests = new RateLimiter();
  /** Set when the connection count changed since it was last announced to the cluster. */
  private volatile boolean connectionsChanged;

  LocalApp(App app, EventLoops loops, ClusterPublisher publisher, DeliveryListener deliveries, ChannelCache cache,
      ConnectionActivity activity) {
    this.app = app;
    this.channels = new LocalChannels(app.id(), loops, publisher, deliveries, this::socket, activity);
    // The signed-in users' index is no channel a client subscribed to: not shown.
    this.users = new LocalChannels(app.id(), loops, ClusterPublisher.NONE, deliveries, this::socket, ConnectionActivity.NONE);
    this.cache = cache;
  }

  public App app() {
    return app;
  }

  /** Replaces the settings: the app manager found a newer version of the app. Any thread. */
  public void update(App newer) {
    this.app = newer;
  }

  /** Channel subscriptions on this node. */
  public LocalChannels channels() {
    return channels;
  }

  /** Signed-in sockets on this node, keyed by user id (as channels of a local-only registry). */
  public LocalChannels users() {
    return users;
  }

  /**
   * Sends an event frame to this node's subscribers of {@code channel} but the socket
   * {@code exceptSocketId} (may be null) — for {@code #server-to-user-<id>}, to the sockets user {@code id}
   * signed in with. The frame is encoded once. Any thread; returns at once.
   */
  public void deliver(String channel, byte[] frame, String exceptSocketId) {
    String user = ChannelName.serverToUserId(channel);
    if (user != null) {
      users.broadcast(user, frame, exceptSocketId);
    } else {
      channels.broadcast(channel, frame, exceptSocketId);
    }
  }

  public ChannelCache cache() {
    return cache;
  }

  public RateLimiter backendEvents() {
    return backendEvents;
  }

  public RateLimiter readRequests() {
    return readRequests;
  }

  /** True when the connection count changed since the last call (for announcing it to the cluster). */
  public boolean connectionsChangedAndReset() {
    if (!connectionsChanged) return false;
    connectionsChanged = false;
    return true;
  }

  /** Connections of this app on this node. */
  public int connections() {
    return connections.get();
  }

  /** Registers an accepted connection. */
  public void add(Subscriber c) {
    sockets.put(c.socketId(), c);
    connections.incrementAndGet();
    connectionsChanged = true;
  }

  /** Unregisters a closed connection; true if it was registered. */
  public boolean remove(Subscriber c) {
    if (sockets.remove(c.socketId(), c)) {
      connections.decrementAndGet();
      connectionsChanged = true;
      return true;
    }
    return false;
  }

  /** The local connection with {@code socketId}, or null. */
  public Subscriber socket(String socketId) {
    return sockets.get(socketId);
  }

  /** Every local connection (a live view). */
  public Iterable<Subscriber> sockets() {
    return sockets.values();
  }
}
