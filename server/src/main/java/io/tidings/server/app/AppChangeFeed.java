package io.tidings.server.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for the apps table's change notifications ({@link AppsSchema#CHANGE_CHANNEL}) on a dedicated
 * connection ({@link PgSubscriber}, never a pooled one). The connection comes back by itself after the
 * database or the network failed, retrying with backoff from {@value #FIRST_RETRY_MILLIS} ms up to
 * {@value #MAX_RETRY_MILLIS} ms for as long as it takes; once it is back, {@code onResubscribed} runs,
 * because notifications sent meanwhile are lost.
 *
 * <p>Only changes of this node's table are passed on: the channel is shared by every apps table of the
 * database.
 *
 * <p><b>Threading:</b> callbacks run on the Vert.x event loop, one at a time. {@link #start} and
 * {@link #close} may be called from any thread. Owns its connection, not the Vert.x instance.
 */
final class AppChangeFeed implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AppChangeFeed.class);

  static final long FIRST_RETRY_MILLIS = 100;
  static final long MAX_RETRY_MILLIS = 2_000;

  private final PgSubscriber subscriber;
  private final String table;
  private volatile boolean subscribedOnce;

  /**
   * @param table           the schema-qualified name of this node's table ({@code public.apps})
   * @param onChange        told about every change of that table
   * @param onResubscribed  told when the connection is back after a loss
   */
  AppChangeFeed(Vertx vertx, PgConnectOptions options, String table, Consumer<AppRowChange> onChange,
      Runnable onResubscribed) {
    this.table = table;
    this.subscriber = PgSubscriber.subscriber(vertx, options)
        .reconnectPolicy(attempt -> {
          if (attempt == 0) log.warn("Lost the connection that listens for app changes; reconnecting");
          return Math.min(MAX_RETRY_MILLIS, FIRST_RETRY_MILLIS << Math.min(attempt, 10));
        });
    subscriber.channel(AppsSchema.CHANGE_CHANNEL)
        .subscribeHandler(v -> {
          PgConnection connection = subscriber.actualConnection();
          // Without a handler, Vert.x prints the connection's errors (such as the server shutting down)
          // to standard error; the reconnect policy already reports the loss.
          if (connection != null) connection.exceptionHandler(e -> log.debug("LISTEN connection: {}", e.toString()));
          if (subscribedOnce) {
            log.info("Listening for app changes again; re-reading the apps this node knows");
            onResubscribed.run();
          }
          subscribedOnce = true;
        })
        .handler(payload -> {
          AppRowChange change = AppRowChange.parse(payload);
          if (change == null) {
            log.debug("Ignored a malformed notification on {}", AppsSchema.CHANGE_CHANNEL);
          } else if (change.table().equals(this.table)) {
            onChange.accept(change);
          }
        });
  }

  /** Connects and LISTENs; the future fails when the first connection cannot be made. */
  Future<Void> start() {
    return subscriber.connect();
  }

  @Override
  public void close() {
    subscriber.close();
  }
}
