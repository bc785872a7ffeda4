package io.tidings.bus.postgres;

import io.tidings.bus.Bus;
import io.tidings.bus.SharedBus;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The process's PostgreSQL buses, one per settings: the Pusher server and a Socket.IO server in one
 * process that ask for a bus with equal {@link PostgresBusConfig}s get leases on the same
 * {@link PostgresBus}, so the process holds two PostgreSQL sessions (one LISTEN, one publisher), not four.
 * The bus starts with the first {@link #acquire} and shuts down when the last lease is shut down; a later
 * {@code acquire} starts a new one.
 *
 * <p>Settings that differ in anything (a heartbeat interval, a queue limit) get buses of their own: the
 * bus's settings are the cluster's contract and are never merged. A start that fails fails every
 * {@code acquire} that waited for it, and the next one tries again.
 *
 * <p><b>Threading:</b> thread-safe and non-blocking.
 */
public final class PostgresBuses {

  private static final Map<PostgresBusConfig, CompletableFuture<SharedBus>> buses = new HashMap<>(); // guarded by class

  private PostgresBuses() {}

  /**
   * A lease on this process's bus for {@code config}, starting it if needed. Shut the lease down (its
   * {@code shutdown()} or {@code close()}) when done with it: that leaves the namespaces it joined, and the
   * last lease's shuts the bus down.
   *
   * @return the lease; fails as {@link PostgresBus#start} does when the bus cannot start
   */
  public static CompletableFuture<Bus> acquire(PostgresBusConfig config) {
    CompletableFuture<SharedBus> shared;
    synchronized (PostgresBuses.class) {
      shared = buses.get(config);
      if (shared == null) {
        CompletableFuture<SharedBus> starting = new CompletableFuture<>();
        buses.put(config, starting);
        shared = starting;
        PostgresBus.start(config).whenComplete((bus, failure) -> {
          if (failure != null) {
            forget(config, starting);
            starting.completeExceptionally(failure);
          } else {
            starting.complete(SharedBus.of(bus, () -> forget(config, starting)));
          }
        });
      }
    }
    return shared.thenApply(PostgresBuses::leaseOrRetry).thenCompose(lease -> lease == null ? acquire(config)
        : CompletableFuture.completedFuture(lease));
  }

  /** Buses of this process now running or starting (for tests and diagnostics). */
  public static synchronized int running() {
    return buses.size();
  }

  /** A lease, or null when the bus shut down between the lookup and now (its last lease went meanwhile). */
  private static Bus leaseOrRetry(SharedBus shared) {
    try {
      return shared.lease();
    } catch (IllegalStateException shutDown) {
      return null;
    }
  }

  private static synchronized void forget(PostgresBusConfig config, CompletableFuture<SharedBus> entry) {
    buses.remove(config, entry);
  }
}
