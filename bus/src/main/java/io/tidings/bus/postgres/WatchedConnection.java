package io.tidings.bus.postgres;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One PostgreSQL connection watched for silence, and given up without waiting when it goes silent.
 *
 * <p><b>Watching.</b> Statements go through {@link #run}; their answers, and whatever else the owner
 * reports with {@link #heard()} (notifications), are signs of life. The owner calls {@link #check()} once
 * per {@linkplain Liveness#probeIntervalMillis() probe period}: it answers {@link Check#PROBE} when the
 * connection has been quiet for a period with nothing in flight (the owner then runs a cheap statement), and
 * {@link Check#SILENT} when a statement is in flight and nothing at all came for the
 * {@linkplain Liveness#silenceTimeoutMillis() silence timeout}. A check that runs more than one period late
 * (a GC pause, a saturated event loop) judges nothing: the input that waited meanwhile has not been read
 * yet. See {@link Liveness} for the numbers.
 *
 * <p><b>Abandoning</b> ({@link #abandon()}): every handler is detached, every statement still waiting
 * fails at once with {@link ClosedConnectionException} (so callers treat it as a lost session and run it
 * again elsewhere), and the socket is closed at once ({@link HardClose}) rather than through the protocol's
 * close, which waits for a server that no longer answers. Whatever the connection reports afterwards, a
 * late answer included, is ignored.
 *
 * <p><b>Threading:</b> the event loop of the connection's context only (statements complete there too).
 */
final class WatchedConnection {

  /** What a {@link #check()} found. */
  enum Check {
    /** Nothing to do. */
    ALIVE,
    /** Quiet with nothing in flight: send a cheap statement, so that silence becomes measurable. */
    PROBE,
    /** A statement waits and nothing came for the silence timeout: abandon the connection. */
    SILENT
  }

  static final String TERMINATE_SQL =
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = $1 AND application_name = $2";

  private final PgConnection connection;
  private final long probeIntervalNanos;
  private final long silenceTimeoutNanos;
  private final LongSupplier nanoClock;
  private final Set<Promise<?>> waiting = new LinkedHashSet<>();
  private long lastHeardNanos;
  private long lastCheckNanos;
  private boolean abandoned;

  WatchedConnection(PgConnection connection, Liveness liveness, LongSupplier nanoClock) {
    this.connection = connection;
    this.probeIntervalNanos = liveness.probeIntervalMillis() * 1_000_000;
    this.silenceTimeoutNanos = liveness.silenceTimeoutMillis() * 1_000_000;
    this.nanoClock = nanoClock;
    this.lastHeardNanos = nanoClock.getAsLong();
    this.lastCheckNanos = lastHeardNanos;
  }

  /** The connection itself, for its owner to install handlers; statements go through {@link #run}. */
  PgConnection connection() {
    return connection;
  }

  /** The backend's process id, as the server announced it. */
  int processId() {
    return connection.processId();
  }

  boolean abandoned() {
    return abandoned;
  }

  /** Statements sent and not answered yet. */
  int inFlight() {
    return waiting.size();
  }

  /**
   * Runs {@code statement} on the connection. Its answer counts as a sign of life; if the connection is
   * abandoned first, the future fails at once with {@link ClosedConnectionException} and the late answer is
   * ignored.
   */
  <T> Future<T> run(Function<PgConnection, Future<T>> statement) {
    if (abandoned) {
      return Future.failedFuture(ClosedConnectionException.INSTANCE);
    }
    Promise<T> answer = Promise.promise();
    Future<T> sent;
    try {
      sent = statement.apply(connection);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    waiting.add(answer);
    sent.onComplete(ar -> {
      if (!waiting.remove(answer)) {
        return; // abandoned meanwhile
      }
      lastHeardNanos = nanoClock.getAsLong();
      answer.handle(ar);
    });
    return answer.future();
  }

  /** Something arrived that was not an answer (a notification): the connection is alive. */
  void heard() {
    lastHeardNanos = nanoClock.getAsLong();
  }

  /** Judges the connection; call once per probe period. */
  Check check() {
    long now = nanoClock.getAsLong();
    boolean late = now - lastCheckNanos > 2 * probeIntervalNanos;
    lastCheckNanos = now;
    if (abandoned) {
      return Check.ALIVE;
    }
    long quietNanos = now - lastHeardNanos;
    if (waiting.isEmpty()) {
      return quietNanos >= probeIntervalNanos ? Check.PROBE : Check.ALIVE;
    }
    return !late && quietNanos >= silenceTimeoutNanos ? Check.SILENT : Check.ALIVE;
  }

  /** Milliseconds since the last sign of life, for messages. */
  long quietMillis() {
    return (nanoClock.getAsLong() - lastHeardNanos) / 1_000_000;
  }

  /**
   * Terminates backend {@code pid} from {@code on}, provided it is a session named {@code applicationName}
   * (so that a process id a connection pooler made up cannot hit another session). True when it was
   * terminated; false when there was no such session or no name to check it against.
   */
  static Future<Boolean> terminateBackend(WatchedConnection on, int pid, String applicationName) {
    if (applicationName == null || applicationName.isEmpty() || pid == 0) {
      return Future.succeededFuture(false);
    }
    return on.run(c -> c.preparedQuery(TERMINATE_SQL).execute(Tuple.of(pid, applicationName)))
        .map(rows -> rows.size() > 0 && Boolean.TRUE.equals(rows.iterator().next().getBoolean(0)));
  }

  /**
   * Gives the connection up: handlers detached, waiting statements failed, socket closed at once. Does not
   * wait for anything; idempotent.
   */
  void abandon() {
    if (abandoned) {
      return;
    }
    abandoned = true;
    connection.closeHandler(null);
    connection.notificationHandler(null);
    connection.exceptionHandler(e -> {});
    List<Promise<?>> left = new ArrayList<>(waiting);
    waiting.clear();
    HardClose.now(connection);
    left.forEach(p -> p.tryFail(ClosedConnectionException.INSTANCE));
  }
}
