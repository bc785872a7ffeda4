package io.tidings.bus;

import java.util.concurrent.CompletableFuture;

/**
 * The cluster bus: nodes exchanging messages per namespace.
 *
 * <p>Two implementations: {@link LocalBus} (one process, no database; every message comes straight
 * back to the publisher) and {@link io.tidings.bus.postgres.PostgresBus} (LISTEN/NOTIFY, wire-compatible
 * with the Node {@code @socket.io/postgres-adapter} 0.5).
 *
 * <p><b>Threading:</b> all methods are thread-safe and non-blocking.
 */
public interface Bus extends AutoCloseable {

  /** This node's uid: 16 lowercase hex characters, used in every namespace it joins. */
  String uid();

  /**
   * Joins a namespace: starts listening and announces this node (INITIAL_HEARTBEAT). The returned
   * handle is usable at once; messages published before the LISTEN took effect are still delivered to
   * peers.
   *
   * @throws IllegalStateException when this bus already joined {@code namespace} (and has not finished
   *                               leaving it): a node is one peer per namespace, with one listener
   */
  BusNamespace join(String namespace, BusListener listener);

  /** Figures for metrics; live view, cheap to read. */
  BusStats stats();

  /**
   * Leaves every namespace (ADAPTER_CLOSE to the peers), flushes what is queued and releases the
   * connections. Completes when done.
   */
  CompletableFuture<Void> shutdown();

  @Override
  default void close() {
    shutdown().join();
  }
}
