package io.tidings.bus.postgres;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.ClosedConnectionException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one dedicated PostgreSQL connection open for its owner (the LISTEN connection, the publisher):
 * opens it, watches it ({@link WatchedConnection}: probed when quiet, judged once per probe period), and
 * when it closes or goes silent gives it up at once and opens another, with backoff and jitter
 * ({@link Backoff#RECONNECT}), for as long as it takes.
 *
 * <pre>
 *   start ─► opening ──set up──► current ──closed / silent / owner saw it fail──► (abandoned) ─► opening …
 *                 └─ failed ─► wait (backoff) ─► opening
 * </pre>
 *
 * <p><b>The abandoned backend.</b> A connection given up for its silence may live on in PostgreSQL, its
 * backend blocked on a socket nobody reads; a listener there would hold back the server's notification
 * queue for every session. So the next connection first terminates it ({@code pg_terminate_backend}), but
 * only if that process id still belongs to a session with this connection's {@code application_name}, so
 * that a process id made up by a pooler in between can never hit somebody else's session.
 *
 * <p><b>Threading:</b> the event loop of the opener's context only; the {@link Owner} is called there.
 */
final class SessionKeeper {

  /** What the connection is kept for. Called on the event loop. */
  interface Owner {
    /** Prepares a new connection (session settings, LISTENs); it becomes current once this succeeds. */
    Future<Void> setUp(WatchedConnection w);

    /** {@code w} is now the current connection. */
    void ready(WatchedConnection w);

    /** Sends a cheap statement on a quiet connection, so that its silence becomes measurable. */
    Future<?> probe(WatchedConnection w);

    /** The current connection was given up ({@code why}, for the log); another is being opened. */
    void lost(String why);
  }

  private static final Logger log = LoggerFactory.getLogger(SessionKeeper.class);

  private final Vertx vertx;
  private final ConnectionOpener opener;
  private final Liveness liveness;
  private final String name;
  private final Owner owner;
  /** Asked for {@link #session()} while the connection was being reopened. */
  private final List<Promise<WatchedConnection>> waiters = new ArrayList<>();
  /** Backends of connections given up for their silence, to terminate from the next connection. */
  private final List<Integer> abandonedBackends = new ArrayList<>();
  private WatchedConnection current;
  private long checkTimer = -1;
  private int attempt;
  private long lostAtNanos;
  private boolean closed;

  /** @param name what the connection is, in log lines ({@code "Bus LISTEN"}) */
  SessionKeeper(Vertx vertx, ConnectionOpener opener, Liveness liveness, String name, Owner owner) {
    this.vertx = vertx;
    this.opener = opener;
    this.liveness = liveness;
    this.name = name;
    this.owner = owner;
  }

  /** Opens the first connection and starts watching; fails when the database cannot be reached. */
  Future<Void> start() {
    return open().onSuccess(v -> {
      if (checkTimer < 0 && !closed) {
        checkTimer = vertx.setPeriodic(liveness.probeIntervalMillis(), t -> check());
      }
    });
  }

  /** The connection in use, or null while another is being opened. */
  WatchedConnection current() {
    return current;
  }

  /**
   * The connection in use; while another is being opened, completes when it is ready. Fails once the
   * keeper is closed.
   */
  Future<WatchedConnection> session() {
    if (closed) return Future.failedFuture(ClosedConnectionException.INSTANCE);
    if (current != null) return Future.succeededFuture(current);
    Promise<WatchedConnection> p = Promise.promise();
    waiters.add(p);
    return p.future();
  }

  /**
   * Gives {@code w} up (if it is still the current connection) and opens another: the owner saw it fail.
   */
  void lose(WatchedConnection w, String why) {
    lose(w, why, false);
  }

  /**
   * Closes the connection: waits for the server's goodbye at most one probe period, then closes the socket
   * regardless.
   */
  Future<Void> close() {
    closed = true;
    if (checkTimer >= 0) {
      vertx.cancelTimer(checkTimer);
    }
    List<Promise<WatchedConnection>> waiting = List.copyOf(waiters);
    waiters.clear();
    waiting.forEach(p -> p.tryFail(ClosedConnectionException.INSTANCE));
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
      WatchedConnection w = new WatchedConnection(c, liveness, System::nanoTime);
      if (closed) {
        w.abandon();
        return Future.failedFuture(ClosedConnectionException.INSTANCE);
      }
      c.closeHandler(v -> lose(w, "closed", false));
      c.exceptionHandler(e -> log.debug("{} connection: {}", name, e.toString()));
      terminateAbandoned(w);
      return owner.setUp(w)
          .compose(v -> closed || w.abandoned() ? Future.<Void>failedFuture(ClosedConnectionException.INSTANCE)
              : Future.<Void>succeededFuture())
          .onSuccess(v -> becomeCurrent(w))
          .onFailure(e -> w.abandon());
    });
  }

  private void becomeCurrent(WatchedConnection w) {
    current = w;
    if (attempt > 0 || lostAtNanos != 0) {
      log.info("{} connection back after {} ms ({} attempt(s))", name, (System.nanoTime() - lostAtNanos) / 1_000_000,
          attempt);
    }
    attempt = 0;
    lostAtNanos = 0;
    List<Promise<WatchedConnection>> waiting = List.copyOf(waiters);
    waiters.clear();
    waiting.forEach(p -> p.tryComplete(w));
    owner.ready(w);
  }

  private void check() {
    WatchedConnection w = current;
    if (w == null || closed) {
      return;
    }
    switch (w.check()) {
      case PROBE -> owner.probe(w).onFailure(e -> log.debug("{} probe failed: {}", name, e.toString()));
      case SILENT -> lose(w, "silent for " + w.quietMillis() + " ms with " + w.inFlight()
          + " statement(s) unanswered: abandoned", true);
      case ALIVE -> { }
    }
  }

  private void lose(WatchedConnection w, String why, boolean silent) {
    if (w != current) {
      return;
    }
    current = null;
    if (silent) {
      abandonedBackends.add(w.processId());
    }
    w.abandon(); // statements still waiting fail now, and their owners see it
    if (closed) {
      return;
    }
    lostAtNanos = System.nanoTime();
    attempt = 0;
    owner.lost(why);
    reconnectLater();
  }

  private void reconnectLater() {
    vertx.setTimer(Backoff.RECONNECT.delayMillis(attempt++), t -> {
      if (closed || current != null) {
        return;
      }
      open().onFailure(e -> {
        log.debug("{} reconnect failed: {}", name, e.getMessage());
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
          log.info("{}: terminated the abandoned backend {}", name, pid);
        } else {
          log.debug("{}: abandoned backend {} not terminated ({})", name, pid,
              ar.succeeded() ? "gone already, or not ours" : ar.cause().toString());
        }
      });
    }
  }
}
