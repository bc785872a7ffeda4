package io.tidings.bus.postgres;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.spi.ConnectionFactory;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Opens dedicated (never pooled) PostgreSQL connections with a deadline on the <em>whole</em> opening:
 * TCP connect, TLS, startup and authentication. The TCP connect timeout alone does not cover a server that
 * accepts the connection and then never answers the startup message (a frozen server behind a live kernel
 * or proxy); such an attempt fails at the deadline, and if it completes later after all, the connection is
 * closed at once. Sockets get TCP keepalive as a last resort; detecting a silent connection is the
 * owner's job ({@link WatchedConnection}).
 *
 * <p><b>Threading:</b> {@link #open()} runs on the given context's event loop, and its future completes
 * there. Owns its Netty client; {@link #close()} releases it (open connections are the callers').
 */
public final class ConnectionOpener {

  private final Vertx vertx;
  private final Context context;
  private final PgConnectOptions options;
  private final long deadlineMillis;
  private final ConnectionFactory<PgConnectOptions> factory;

  /**
   * @param context        the event loop the connections live on
   * @param connectTimeout the deadline of one opening, handshake and authentication included
   */
  public ConnectionOpener(Vertx vertx, Context context, PgConnectOptions options, Duration connectTimeout) {
    this.vertx = vertx;
    this.context = context;
    this.options = options;
    this.deadlineMillis = connectTimeout.toMillis();
    this.factory = PgDriver.INSTANCE.createConnectionFactory(vertx, new NetClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, deadlineMillis))
        .setTcpKeepAlive(true));
  }

  /** The options connections are opened with. */
  public PgConnectOptions options() {
    return options;
  }

  /** Opens a connection, or fails within the deadline. */
  public Future<PgConnection> open() {
    Promise<PgConnection> opened = Promise.promise();
    context.runOnContext(v -> {
      long timer = vertx.setTimer(deadlineMillis, t ->
          opened.tryFail(new TimeoutException("no PostgreSQL session within " + deadlineMillis + " ms")));
      factory.connect(context, options).onComplete(ar -> {
        vertx.cancelTimer(timer);
        if (ar.failed()) {
          opened.tryFail(ar.cause());
          return;
        }
        PgConnection c = PgConnection.cast(ar.result());
        if (!opened.tryComplete(c)) {
          HardClose.now(c); // too late: the caller has moved on
        }
      });
    });
    return opened.future();
  }

  /** Releases the Netty client. */
  public Future<Void> close() {
    Promise<Void> closed = Promise.promise();
    factory.close(closed);
    return closed.future();
  }
}
