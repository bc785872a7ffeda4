package io.tidings.bus;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes into the bus without being a node of it, as the Socket.IO emitters do
 * ({@code @socket.io/postgres-emitter}): no LISTEN, no heartbeat, nothing received, and the uid
 * {@value #EMITTER_UID}, which no node ever counts as a peer. Any namespace may be written to by name; the
 * messages carry the same envelope as a node's (top-level {@code nsp} included, which Node's adapter 0.5
 * requires and Node's own emitter forgets) but no sequence number, and large or binary ones go through the
 * attachment table as a node's do.
 *
 * <p>See {@link io.tidings.bus.postgres.PostgresBus#publisher} for the PostgreSQL implementation, and
 * {@link io.tidings.bus.wire.OutboundMessage} to publish on a connection of one's own instead.
 *
 * <p><b>Threading:</b> every method is thread-safe and non-blocking except {@link #close()}, which waits
 * for {@link #shutdown()}. Messages published from one thread leave in the order they were published.
 */
public interface BusPublisher extends AutoCloseable {

  /** The uid every emitter publishes under, the Node emitter's. */
  String EMITTER_UID = "emitter";

  /** {@value #EMITTER_UID}. */
  default String uid() {
    return EMITTER_UID;
  }

  /**
   * Queues a message for {@code namespace}.
   *
   * <p>Ownership: the publisher owns {@code data} from this call on; the caller must not modify it.
   *
   * @param data the {@code data} member, or null for none
   * @return true when queued; false when dropped (the queue is full or the publisher shut down), which is
   *         also counted in {@link BusStats#droppedMessages()} and logged
   */
  boolean publish(String namespace, int type, JsonNode data);

  /** Like {@link #publish} for {@code data} already written as JSON text, as {@link BusNamespace#publishRaw}. */
  boolean publishRaw(String namespace, int type, String dataJson);

  /** Figures for metrics (published, dropped, attachments written, queued); live view. */
  BusStats stats();

  /** Sends what is queued (for a bounded time), then closes the connection. Completes when done. */
  CompletableFuture<Void> shutdown();

  @Override
  default void close() {
    shutdown().join();
  }
}
