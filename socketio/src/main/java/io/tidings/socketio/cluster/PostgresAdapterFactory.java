package io.tidings.socketio.cluster;

import io.tidings.bus.Bus;
import io.tidings.bus.postgres.PostgresBusConfig;
import io.tidings.bus.postgres.PostgresBuses;
import io.tidings.socketio.adapter.Adapter;
import io.tidings.socketio.adapter.AdapterFactory;
import io.tidings.socketio.adapter.NamespaceContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Makes a {@link PostgresAdapter} per namespace, all on one bus: Node's {@code createAdapter(pool, opts)}.
 *
 * <pre>{@code
 * PostgresAdapterFactory cluster = PostgresAdapterFactory.start(PostgresAdapterOptions.DEFAULTS.applyTo(
 *     PostgresBusConfig.builder().host("db").database("app").user("app").password(secret)).build());
 * SocketIoServer io = SocketIoServer.builder().adapter(cluster).build();
 * ...
 * io.close();
 * cluster.close();   // after the server: releases the bus
 * }</pre>
 *
 * <p>{@link #start} takes a lease on the process's bus for those settings ({@link PostgresBuses}), so a Pusher
 * server in the same process with the same settings shares its two PostgreSQL sessions; {@link #on} uses a bus
 * the caller owns. Closing the factory releases what it took (the lease), never a bus it was given.
 *
 * <p><b>Threading:</b> thread-safe; {@link #create} is called by the server per namespace and never blocks.
 */
public final class PostgresAdapterFactory implements AdapterFactory, AutoCloseable {

  private final Bus bus;
  private final boolean owned;
  private final Duration requestsTimeout;
  private final List<PostgresAdapter> adapters = new CopyOnWriteArrayList<>();

  private PostgresAdapterFactory(Bus bus, boolean owned, Duration requestsTimeout) {
    this.bus = bus;
    this.owned = owned;
    this.requestsTimeout = requestsTimeout;
  }

  /**
   * Takes a lease on the process's bus for {@code config} (starting it if needed) and makes adapters on it.
   * Blocks until the bus is up.
   *
   * @throws IllegalStateException when the database cannot be reached (the message names it)
   */
  public static PostgresAdapterFactory start(PostgresBusConfig config) {
    try {
      Bus lease = PostgresBuses.acquire(config).get(2 * config.connectTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
      return new PostgresAdapterFactory(lease, true, config.requestsTimeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the PostgreSQL bus", e);
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException(cause.getMessage(), cause);
    }
  }

  /** Adapters on {@code bus}, which the caller keeps and shuts down (after the server closed). */
  public static PostgresAdapterFactory on(Bus bus, Duration requestsTimeout) {
    return new PostgresAdapterFactory(bus, false, requestsTimeout);
  }

  @Override
  public Adapter create(NamespaceContext namespace) {
    PostgresAdapter a = new PostgresAdapter(namespace, bus, requestsTimeout);
    adapters.add(a);
    return a;
  }

  /** The bus the adapters use (its uid is this node's in every namespace). */
  public Bus bus() {
    return bus;
  }

  /**
   * Completes once every adapter made so far listens on its namespace: a server waits for it before it opens
   * its port, so that it hears its peers before it takes clients.
   */
  public CompletableFuture<Void> whenListening() {
    return CompletableFuture.allOf(adapters.stream().map(PostgresAdapter::whenListening).toArray(CompletableFuture[]::new));
  }

  /** Releases the bus lease this factory took ({@link #start}); nothing for a bus it was given. Blocks until done. */
  @Override
  public void close() {
    if (!owned) return;
    try {
      bus.shutdown().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IllegalStateException("the PostgreSQL bus did not shut down cleanly: " + e.getMessage(), e);
    }
  }
}
