package io.tidings.server.app.postgres;

import io.tidings.bus.postgres.ConnectionOpener;
import io.tidings.bus.postgres.ListenConnection;
import io.tidings.bus.postgres.Liveness;
import io.tidings.server.app.AppStoreException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for the apps table's change notifications ({@link AppsSchema#CHANGE_CHANNEL}) on a dedicated
 * connection, never a pooled one: the bus's {@link ListenConnection}, which comes back by itself after the
 * database or the network failed, retrying with backoff for as long as it takes, and which gives up a
 * connection that went silent without closing (a vanished NAT entry, a frozen server) and opens another
 * within {@link #REPLACED_WITHIN}. Once it is back, {@code onResubscribed} runs, because notifications sent
 * meanwhile are lost.
 *
 * <p>Only changes of this node's table are passed on: the channel is shared by every apps table of the
 * database. The connection's {@code application_name} is {@code tidings-app-changes <random>}, unique to
 * this feed, so that an operator can tell it apart and the feed can safely terminate its own abandoned
 * backends.
 *
 * <p><b>Threading:</b> callbacks run on the Vert.x event loop, one at a time. {@link #start} and
 * {@link #close} may be called from any thread. Owns its connection, not the Vert.x instance.
 */
final class AppChangeFeed implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AppChangeFeed.class);

  /**
   * A silent LISTEN connection is replaced within this (see {@link Liveness}: probed after 1 s of quiet,
   * abandoned after 5 s of silence), like the bus's with its default heartbeat timeout.
   */
  static final Duration REPLACED_WITHIN = Duration.ofSeconds(10);

  private final Context context;
  private final ConnectionOpener opener;
  private final ListenConnection listen;
  private final String table;
  private final Promise<Void> firstListen = Promise.promise();
  private boolean subscribedOnce; // event loop

  /**
   * @param table           the schema-qualified name of this node's table ({@code public.apps})
   * @param onChange        told about every change of that table
   * @param onResubscribed  told when the connection is back after a loss
   */
  AppChangeFeed(Vertx vertx, PgConnectOptions options, String table, Consumer<AppRowChange> onChange,
      Runnable onResubscribed) {
    this.table = table;
    this.context = vertx.getOrCreateContext();
    PgConnectOptions named = new PgConnectOptions(options)
        .addProperty("application_name", "tidings-app-changes " + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
    this.opener = new ConnectionOpener(vertx, context, named, AppDatabase.CONNECT_TIMEOUT);
    this.listen = new ListenConnection(vertx, opener, Liveness.within(REPLACED_WITHIN), "App changes",
        new ListenConnection.Events() {
          @Override
          public void onNotification(String channel, String payload) {
            AppRowChange change = AppRowChange.parse(payload);
            if (change == null) {
              log.debug("Ignored a malformed notification on {}", AppsSchema.CHANGE_CHANNEL);
            } else if (change.table().equals(AppChangeFeed.this.table)) {
              onChange.accept(change);
            }
          }

          @Override
          public void onListening(String channel) {
            if (subscribedOnce) {
              log.info("Listening for app changes again; re-reading the apps this node knows");
              onResubscribed.run();
            }
            subscribedOnce = true;
            firstListen.tryComplete();
          }

          @Override
          public void onLost() {
            // ListenConnection says why; onListening re-reads what may have been missed.
          }
        });
  }

  /** Connects and LISTENs; the future fails when the first connection cannot be made. */
  Future<Void> start() {
    context.runOnContext(v -> {
      listen.listen(AppsSchema.CHANGE_CHANNEL);
      listen.start().onFailure(firstListen::tryFail);
    });
    return firstListen.future();
  }

  @Override
  public void close() {
    Promise<Void> closed = Promise.promise();
    context.runOnContext(v -> listen.close().onComplete(ar -> opener.close().onComplete(closed)));
    try {
      AppDatabase.await(closed.future(), Duration.ofSeconds(5));
    } catch (AppStoreException e) {
      log.debug("The app change feed did not close cleanly: {}", e.getMessage());
    }
  }
}
