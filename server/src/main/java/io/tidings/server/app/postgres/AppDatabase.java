package io.tidings.server.app.postgres;

import io.tidings.server.app.AppStoreException;
import io.tidings.server.config.ServerConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How Tidings reaches the PostgreSQL that holds the apps table ({@code SOKETI_DB_POSTGRES_*},
 * {@code SOKETI_DB_POOLING_*}), for the server and for {@code ./tidings apps}. Stateless.
 *
 * <p>Pooling: Vert.x opens connections on demand, so {@code SOKETI_DB_POOLING_MIN} has no equivalent
 * and is accepted without effect; {@code SOKETI_DB_POOLING_MAX} bounds the pool when pooling is enabled,
 * otherwise the pool holds at most {@value #DEFAULT_POOL_SIZE} connections.
 */
public final class AppDatabase {

  /** Connections of the lookup pool when {@code SOKETI_DB_POOLING_ENABLED} is false. */
  static final int DEFAULT_POOL_SIZE = 4;
  /** A TCP connect that takes longer means the database is unreachable. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** How long a lookup may wait for a free pooled connection. */
  static final Duration POOL_WAIT_TIMEOUT = Duration.ofSeconds(10);
  /**
   * How long one statement on a pooled connection may go unanswered before the connection is given up
   * (closed at once, so that the pool replaces it; see {@link AppTable}). A lookup is a primary-key read that
   * PostgreSQL answers in milliseconds; five silent seconds mean a dead connection (a vanished NAT entry, a
   * frozen server), which TCP alone would take minutes to notice, or a server too sick to help anyway.
   */
  static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(5);
  /** What {@code pg_stat_activity} shows for the app store's pooled sessions. */
  static final String APPLICATION_NAME = "tidings-apps";

  private AppDatabase() {}

  /** Connection options; the password is never logged (Vert.x does not print options). */
  public static PgConnectOptions connectOptions(ServerConfig.Database db) {
    return new PgConnectOptions()
        .setHost(db.host())
        .setPort(db.port())
        .setUser(db.user())
        .setPassword(db.password())
        .setDatabase(db.database())
        .setCachePreparedStatements(true)
        .setReconnectAttempts(0)
        .addProperty("application_name", APPLICATION_NAME);
  }

  /** "host:port, database D, user U": enough to find the server, never the password. */
  public static String describe(ServerConfig.Database db) {
    return db.host() + ":" + db.port() + " (database " + db.database() + ", user " + db.user() + ")";
  }

  /** A Vert.x instance for database I/O only: one event loop, native transport when available. */
  public static Vertx newVertx() {
    return Vertx.builder()
        .with(new VertxOptions()
            .setEventLoopPoolSize(1)
            .setWorkerPoolSize(1)
            .setInternalBlockingPoolSize(1)
            .setPreferNativeTransport(true))
        .build();
  }

  /** The lookup pool. */
  public static Pool newPool(Vertx vertx, ServerConfig.Database db, ServerConfig.Pool pooling) {
    PoolOptions options = new PoolOptions()
        .setName("tidings-apps")
        .setMaxSize(pooling.enabled() ? pooling.max() : DEFAULT_POOL_SIZE)
        .setConnectionTimeout((int) POOL_WAIT_TIMEOUT.toMillis())
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
    return PgBuilder.pool()
        .with(options)
        .with(new NetClientOptions()
            .setConnectTimeout((int) CONNECT_TIMEOUT.toMillis())
            .setTcpKeepAlive(true))
        .connectingTo(connectOptions(db))
        .using(vertx)
        .build();
  }

  /**
   * Waits for {@code future} from a thread that is not a Vert.x thread.
   *
   * @throws AppStoreException with the cause's message when it fails or takes longer than {@code timeout}
   */
  public static <T> T await(Future<T> future, Duration timeout) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AppStoreException(reason(e.getCause()), e.getCause());
    } catch (TimeoutException e) {
      throw new AppStoreException("no answer within " + timeout.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AppStoreException("interrupted", e);
    }
  }

  /** A one-line reason for a database failure (Vert.x messages carry host and port, never the password). */
  public static String reason(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root && root.getMessage() == null) root = root.getCause();
    String message = root.getMessage();
    if (message == null || message.isBlank()) message = root.getClass().getSimpleName();
    // Netty's native transport prefixes the OS error: "finishConnect(..) failed with error(-111): Connection refused".
    return message.replace('\n', ' ').replaceFirst("^\\w+\\(\\.\\.\\) failed(?: with error\\(-?\\d+\\))?: ", "").strip();
  }
}
