package io.tidings.bus.postgres;

import io.tidings.bus.wire.ChannelName;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgNotification;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
 * listener it would hold back the server's notification queue for every session. So once the new
 * connection is up, it terminates the old backend ({@code pg_terminate_backend}), but only if that
 * process id still belongs to a session with this connection's {@code application_name}, so that a process
 * id made up by a pooler in between can never hit somebody else's session.
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

  private final Vertx vertx;
  private final ConnectionOpener opener;
  private final Liveness liveness;
  private final String name;
  private final Events events;
  private final Set<String> channels = new LinkedHashSet<>();
  /** Backends of abandoned connections, to terminate from the next connection. */
  private final List<Integer> abandonedBackends = new ArrayList<>();
  private WatchedConnection current;
  private long checkTimer = -1;
  private int reconnectAttempt;
  private long lostAtNanos;
  private boolean reconnecting;
  private boolean closed;

  /**
   * @param name   what the connection is for, in log lines ({@code "bus"}, {@code "app changes"})
   */
  public ListenConnection(Vertx vertx, ConnectionOpener opener, Liveness liveness, String name, Events events) {
    this.vertx = vertx;
    this.opener = opener;
    this.liveness = liveness;
    this.name = name;
    this.events = events;
  }

  /** Connects and starts watching; fails when the database cannot be reached. */
  public Future<Void> start() {
    return open().onSuccess(v -> {
      if (checkTimer < 0 && !closed) {
        checkTimer = vertx.setPeriodic(liveness.probeIntervalMillis(), t -> check());
      }
    });
  }

  /** Starts listening to {@code channel}; {@link Events#onListening} follows once it took effect. */
  public void listen(String channel) {
    if (closed || !channels.add(channel)) {
      return;
    }
    if (current != null) {
      subscribe(current, channel);
    }
  }

  /** Stops listening to {@code channel}. */
  public void unlisten(String channel) {
    if (!channels.remove(channel) || current == null) {
      return;
    }
    current.run(c -> c.query("UN" + ChannelName.listenSql(channel)).execute())
        .onFailure(e -> log.debug("UNLISTEN {} failed: {}", channel, e.toString()));
  }

  /**
   * Closes the connection. Waits for the server's goodbye at most one probe period, then closes the socket
   * regardless.
   */
  public Future<Void> close() {
    closed = true;
    if (checkTimer >= 0) {
      vertx.cancelTimer(checkTimer);
    }
    WatchedConnection w = current;
    current = null;
    if (w == null) {
      return Future.succeededFuture();
    }
    w.connection().closeHandler(null);
    w.connection().notificationHandler(null);
    Promise<Void> done = Promise.promise();
    long timer = vertx.setTimer(liveness.probeIntervalMillis(), t -> w.abandon());
    w.connection().close().onComplete(ar -> {
      vertx.cancelTimer(timer);
      done.tryComplete();
    });
    return done.future();
  }

  private Future<Void> open() {
    return opener.open().compose(c -> {
      if (closed) {
        HardClose.now(c);
        return Future.failedFuture("closed");
      }
      WatchedConnection w = new WatchedConnection(c, liveness, System::nanoTime);
      current = w;
      c.notificationHandler(n -> notification(w, n));
      c.closeHandler(v -> lost(w, null));
      c.exceptionHandler(e -> log.debug("{} LISTEN connection: {}", name, e.toString()));
      terminateAbandoned(w);
      channels.forEach(channel -> subscribe(w, channel));
      return Future.succeededFuture();
    });
  }

  private void notification(WatchedConnection w, PgNotification n) {
    w.heard();
    if (w == current && channels.contains(n.getChannel())) {
      events.onNotification(n.getChannel(), n.getPayload());
    }
  }

  private void subscribe(WatchedConnection w, String channel) {
    w.run(c -> c.query(ChannelName.listenSql(channel)).execute()).onComplete(ar -> {
      if (w != current || !channels.contains(channel)) {
        return;
      }
      if (ar.failed()) {
        // A lost connection reports itself (and is LISTENed again on the next); anything else is the
        // server refusing this LISTEN, which trying again would repeat.
        log.warn("{}: LISTEN {} failed: {}", name, channel, ar.cause().getMessage());
        return;
      }
      if (reconnecting) {
        reconnecting = false;
        log.info("{} LISTEN connection back after {} ms: listening to {} channel(s) again", name,
            (System.nanoTime() - lostAtNanos) / 1_000_000, channels.size());
      }
      events.onListening(channel);
    });
  }

  private void check() {
    WatchedConnection w = current;
    if (w == null || closed) {
      return;
    }
    switch (w.check()) {
      case PROBE -> {
        String sql = channels.isEmpty() ? "SELECT 1" : ChannelName.listenSql(channels.iterator().next());
        w.run(c -> c.query(sql).execute()).onFailure(e -> log.debug("{} LISTEN probe failed: {}", name, e.toString()));
      }
      case SILENT -> lost(w, "silent for " + w.quietMillis() + " ms with a statement unanswered");
      case ALIVE -> { }
    }
  }

  /** {@code w} closed ({@code silence} null) or went silent: give it up and open another. */
  private void lost(WatchedConnection w, String silence) {
    if (w != current) {
      return;
    }
    current = null;
    w.abandon();
    if (closed) {
      return;
    }
    if (silence != null) {
      abandonedBackends.add(w.processId());
      log.warn("{} LISTEN connection {}: abandoned, opening another and re-LISTENing {} channel(s)", name, silence,
          channels.size());
    } else {
      log.warn("{} LISTEN connection lost: reconnecting and re-LISTENing {} channel(s)", name, channels.size());
    }
    reconnecting = true;
    lostAtNanos = System.nanoTime();
    reconnectAttempt = 0;
    events.onLost();
    reconnectLater();
  }

  private void reconnectLater() {
    vertx.setTimer(Backoff.RECONNECT.delayMillis(reconnectAttempt++), t -> {
      if (closed || current != null) {
        return;
      }
      open().onFailure(e -> {
        log.debug("{} LISTEN reconnect failed: {}", name, e.getMessage());
        reconnectLater();
      });
    });
  }

  private void terminateAbandoned(WatchedConnection w) {
    if (abandonedBackends.isEmpty()) {
      return;
    }
    List<Integer> pids = List.copyOf(abandonedBackends);
    abandonedBackends.clear();
    String applicationName = opener.options().getProperties().get("application_name");
    for (int pid : pids) {
      WatchedConnection.terminateBackend(w, pid, applicationName).onComplete(ar -> {
        if (ar.succeeded() && ar.result()) {
          log.info("{}: terminated the abandoned LISTEN backend {}", name, pid);
        } else {
          log.debug("{}: abandoned LISTEN backend {} not terminated ({})", name, pid,
              ar.succeeded() ? "gone already, or not ours" : ar.cause().toString());
        }
      });
    }
  }
}
