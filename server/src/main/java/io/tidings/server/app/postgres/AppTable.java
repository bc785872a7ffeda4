package io.tidings.server.app.postgres;

import io.tidings.bus.postgres.HardClose;
import io.tidings.server.app.App;
import io.tidings.server.app.AppManager;
import io.tidings.server.config.Identifiers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code postgres} driver's two queries, exactly as Soketi's Knex renders them:
 * {@code select * from "<table>" where "id" = $1} and {@code ... where "key" = $1}; the first row wins,
 * no row is null. No caching here ({@link AppCache} does that).
 *
 * <p><b>A silent connection.</b> A pooled connection can die without a word (a vanished NAT entry, a
 * frozen server): its statement is never answered, it is never given back, and the pool would lend the
 * next caller another dead one. So each statement is watched: unanswered after
 * {@link AppDatabase#STATEMENT_TIMEOUT}, its connection is closed at once ({@link HardClose}, without
 * waiting for the server's goodbye, which would never come), the pool drops it, and the lookup is tried
 * once more on the connection the pool lends next (a live one, or a new one); if that fails too, the lookup
 * fails (callers refuse clearly, cached apps keep serving).
 *
 * <p><b>Threading:</b> thread-safe. Futures complete on the Vert.x event loop, or fail after
 * {@value #QUERY_TIMEOUT_SECONDS} s (waiting for a pooled connection included) so that a database that
 * stopped answering never leaves a caller waiting. The pool is owned by the caller.
 */
public final class AppTable implements AppManager {

  static final long QUERY_TIMEOUT_SECONDS = 10;
  private static final long WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static final Logger log = LoggerFactory.getLogger(AppTable.class);

  private final AtomicLong lastWarningNanos = new AtomicLong();
  private final AtomicLong lastSilentWarningNanos = new AtomicLong();
  private final AtomicLong silentSinceWarning = new AtomicLong();

  private final Vertx vertx;
  private final Pool pool;
  private final AppRows rows;
  private final String byId;
  private final String byKey;

  /**
   * @param vertx  the Vert.x instance the pool runs on (for the statements' watchdogs)
   * @param pool   where queries go
   * @param table  the configured table name; validated and quoted here
   * @param rows   how rows become apps
   */
  public AppTable(Vertx vertx, Pool pool, String table, AppRows rows) {
    this.vertx = vertx;
    this.pool = pool;
    this.rows = rows;
    String quoted = Identifiers.quoteTableName(table);
    this.byId = "select * from " + quoted + " where \"id\" = $1";
    this.byKey = "select * from " + quoted + " where \"key\" = $1";
  }

  @Override
  public CompletableFuture<App> findById(String id) {
    return id == null ? CompletableFuture.completedFuture(null) : query(byId, id);
  }

  @Override
  public CompletableFuture<App> findByKey(String key) {
    return key == null ? CompletableFuture.completedFuture(null) : query(byKey, key);
  }

  private CompletableFuture<App> query(String sql, String value) {
    CompletableFuture<App> result = read(sql, value)
        // Once: the next connection the pool lends may be a live one (or a new one).
        .recover(e -> e instanceof SilentConnection ? read(sql, value) : Future.failedFuture(e))
        .toCompletionStage().toCompletableFuture()
        .orTimeout(QUERY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    result.whenComplete((app, err) -> {
      if (err != null) warnFailed(err);
    });
    return result;
  }

  private Future<App> read(String sql, String value) {
    return pool.withConnection(c -> watched(c, c.preparedQuery(sql).execute(Tuple.of(value)))).map(this::firstApp);
  }

  /**
   * {@code statement} on {@code c}; if it stays unanswered for {@link AppDatabase#STATEMENT_TIMEOUT}, {@code c}
   * is closed at once and the result fails with {@link SilentConnection}, once the pool has dropped it (so
   * that a retry is never lent the same connection).
   */
  private <T> Future<T> watched(SqlConnection c, Future<T> statement) {
    Promise<T> result = Promise.promise();
    boolean[] gaveUp = {false};
    long timer = vertx.setTimer(AppDatabase.STATEMENT_TIMEOUT.toMillis(), t -> {
      gaveUp[0] = true;
      warnSilent();
      HardClose.now(c);
    });
    statement.onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (gaveUp[0]) {
        // The close fails the statement first and tells the pool after: answer on the next turn of the loop.
        vertx.runOnContext(v -> result.tryFail(new SilentConnection()));
      } else if (ar.succeeded()) {
        result.tryComplete(ar.result());
      } else {
        result.tryFail(ar.cause());
      }
    });
    return result.future();
  }

  /** A pooled connection left a statement unanswered and was closed. */
  static final class SilentConnection extends java.io.IOException {
    SilentConnection() {
      super("a pooled connection left a lookup unanswered for " + AppDatabase.STATEMENT_TIMEOUT.toSeconds()
          + " s and was closed");
    }
  }

  /** Silent connections come in bursts (every pooled one froze at once): one line per interval. */
  private void warnSilent() {
    silentSinceWarning.incrementAndGet();
    long now = System.nanoTime();
    long last = lastSilentWarningNanos.get();
    if (last != 0 && now - last < WARNING_INTERVAL_NANOS) return;
    if (!lastSilentWarningNanos.compareAndSet(last, now == 0 ? 1 : now)) return;
    log.warn("Closed {} pooled connection(s) to the app store that left a lookup unanswered for {} s; the pool opens"
        + " others", silentSinceWarning.getAndSet(0), AppDatabase.STATEMENT_TIMEOUT.toSeconds());
  }

  /** During an outage every uncached lookup fails: say so, but at most once per interval. */
  private void warnFailed(Throwable err) {
    long now = System.nanoTime();
    long last = lastWarningNanos.get();
    if (last != 0 && now - last < WARNING_INTERVAL_NANOS) return;
    if (!lastWarningNanos.compareAndSet(last, now == 0 ? 1 : now)) return;
    Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
    String reason = cause instanceof java.util.concurrent.TimeoutException
        ? "no answer within " + QUERY_TIMEOUT_SECONDS + " s" : AppDatabase.reason(cause);
    log.warn("App lookups in PostgreSQL fail ({}); cached apps keep serving, other keys and ids are refused"
        + " until the database answers again", reason);
  }

  private App firstApp(RowSet<Row> result) {
    RowIterator<Row> it = result.iterator();
    return it.hasNext() ? rows.read(it.next()) : null;
  }
}
