package io.tidings.bus.postgres;

import io.tidings.bus.wire.ChannelName;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgNotification;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dedicated connection that LISTENs to a set of channels and keeps doing so whatever happens to it:
 * never a pooled connection (a pool would retire it and the LISTENs with it).
 *
 * <p><b>Losing it is survivable</b>, unlike in the Node adapter, which crashes its process here. When the
 * connection closes, or goes silent, another is opened with backoff and jitter ({@link Backoff#RECONNECT}),
 * forever, and every channel is LISTENed to again; {@link Events#onListening} then fires again for each
 * channel, which the bus uses to announce itself and ask for what it missed.
 *
 * <p><b>A silent connection</b> (no FIN, no reset: a vanished NAT entry, a pulled cable, a frozen VM) is
 * caught by its {@link WatchedConnection}: quiet for a probe period, it is probed by re-issuing
 * {@code LISTEN} for a channel it already listens to (which costs nothing, changes nothing, and keeps the
 * backend's {@code pg_stat_activity.query} saying {@code LISTEN …} for operators); silent for the silence
 * timeout with the probe unanswered, it is <b>abandoned</b> at once, never waited for (its handlers
 * detached, its socket closed without the protocol's goodbye), and a new one is opened right away. Every
 * notification counts as a sign of life, so a flood never condemns it. {@link Liveness} explains the
 * numbers: with the default heartbeat timeout of 10 s, a dead connection is replaced within about 6 s.
 *
 * <p><b>The abandoned backend</b> may live on in PostgreSQL, blocked on a socket nobody reads; as a
 * listener it would hold back the server's notification queue for every session, so the new connection
 * terminates it first ({@link SessionKeeper}, which also does the reopening).
 *
 * <p><b>Threading:</b> every method must be called on the event loop of the {@link ConnectionOpener}'s
 * context, and the {@link Events} callbacks run there.
 */
public final class ListenConnection {

  /** What the connection reports. Called on the event loop. */
  public interface Events {
    /** A notification arrived on {@code channel}. */
    void onNotification(String channel, String payload);

    /** {@code LISTEN channel} took effect: for the first time, or again after the connection was lost. */
    void onListening(String channel);

    /** The connection was lost (closed, or abandoned for its silence); a new one is being opened. */
    void onLost();
  }

  private static final Logger log = LoggerFactory.getLogger(ListenConnection.class);

  private final String name;
  private final Events events;
  private final Set<String> channels = new LinkedHashSet<>();
  private final SessionKeeper keeper;

  /**
   * @param name   what the connection is for, in log lines ({@code "Bus"}, {@code "App changes"})
   */
  public ListenConnection(Vertx vertx, ConnectionOpener opener, Liveness liveness, String name, Events events) {
    this.name = name;
    this.events = events;
    this.keeper = new SessionKeeper(vertx, opener, liveness, name + " LISTEN", new SessionKeeper.Owner() {
      @Override
      public Future<Void> setUp(WatchedConnection w) {
        w.connection().notificationHandler(n -> notification(w, n));
        channels.forEach(channel -> subscribe(w, channel));
        return Future.succeededFuture();
      }

      @Override
      public void ready(WatchedConnection w) {
        // The LISTENs sent in setUp report themselves.
      }

      @Override
      public Future<?> probe(WatchedConnection w) {
        // Re-LISTENing costs nothing, changes nothing, and keeps pg_stat_activity.query saying LISTEN.
        String sql = channels.isEmpty() ? "SELECT 1" : ChannelName.listenSql(channels.iterator().next());
        return w.run(c -> c.query(sql).execute());
      }

      @Override
      public void lost(String why) {
        log.warn("{} LISTEN connection {}: opening another and re-LISTENing {} channel(s)", name, why, channels.size());
        events.onLost();
      }
    });
  }

  /** Connects and starts watching; fails when the database cannot be reached. */
  public Future<Void> start() {
    return keeper.start();
  }

  /** Starts listening to {@code channel}; {@link Events#onListening} follows once it took effect. */
  public void listen(String channel) {
    if (!channels.add(channel)) {
      return;
    }
    WatchedConnection w = keeper.current();
    if (w != null) {
      subscribe(w, channel);
    }
  }

  /** Stops listening to {@code channel}. */
  public void unlisten(String channel) {
    WatchedConnection w = keeper.current();
    if (!channels.remove(channel) || w == null) {
      return;
    }
    w.run(c -> c.query("UN" + ChannelName.listenSql(channel)).execute())
        .onFailure(e -> log.debug("UNLISTEN {} failed: {}", channel, e.toString()));
  }

  /**
   * Closes the connection. Waits for the server's goodbye at most one probe period, then closes the socket
   * regardless.
   */
  public Future<Void> close() {
    return keeper.close();
  }

  private void notification(WatchedConnection w, PgNotification n) {
    w.heard();
    if (w == keeper.current() && channels.contains(n.getChannel())) {
      events.onNotification(n.getChannel(), n.getPayload());
    }
  }

  private void subscribe(WatchedConnection w, String channel) {
    w.run(c -> c.query(ChannelName.listenSql(channel)).execute()).onComplete(ar -> {
      if (w != keeper.current() || !channels.contains(channel)) {
        return;
      }
      if (ar.failed()) {
        // A lost connection reports itself (and is LISTENed again on the next); anything else is the
        // server refusing this LISTEN, which trying again would repeat.
        log.warn("{}: LISTEN {} failed: {}", name, channel, ar.cause().getMessage());
        return;
      }
      events.onListening(channel);
    });
  }
}
